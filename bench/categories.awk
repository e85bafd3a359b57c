# For each execution sample: the innermost frame that belongs to a known library (the "cost centre"), by thread kind.
# Used by bench/hotspots.sh; input: jfr print --events jdk.ExecutionSample --stack-depth 64
function category(l) {
  if (l ~ /^org\.h2\./) return "H2 (SQL engine, MVStore)";
  if (l ~ /^org\.hibernate\./) return "Hibernate";
  if (l ~ /^com\.zaxxer\.hikari/) return "Hikari";
  if (l ~ /^org\.apache\.activemq\.artemis\.(protocol\.amqp|core\.protocol\.proton)/) return "Artemis AMQP conversion";
  if (l ~ /^org\.apache\.activemq\.artemis\.core\.(journal|persistence|io)/) return "Artemis journal/persistence";
  if (l ~ /^org\.apache\.activemq\.artemis/) return "Artemis other (server, client, in-VM)";
  if (l ~ /^org\.apache\.qpid\.proton/) return "Proton (AMQP codec)";
  if (l ~ /^io\.netty/) return "Netty";
  if (l ~ /^com\.fasterxml\.jackson/) return "Jackson";
  if (l ~ /^(ch\.qos\.logback|org\.slf4j|org\.apache\.logging)/) return "logging";
  if (l ~ /^io\.micrometer/) return "Micrometer";
  if (l ~ /^com\.google\.i18n/) return "libphonenumber";
  if (l ~ /^(javax\.crypto|sun\.security|com\.sun\.crypto)/) return "crypto (HMAC, AES)";
  if (l ~ /^io\.fullscriptbridge/) return "bridge code";
  if (l ~ /^org\.apache\.camel/) return "Camel";
  if (l ~ /^org\.springframework/) return "Spring (JMS, tx, data)";
  return "";
}
/sampledThread = /{ t=$0; sub(/.*sampledThread = "/,"",t); sub(/".*/,"",t); gsub(/[0-9]+/,"N",t); gsub(/#N/,"",t) }
/stackTrace = \[/{ inside=1; found=""; next }
inside && /^[ \t]*\]/{ inside=0; if (found=="") found="JDK only (collections, locks, strings)"; print t " | " found; next }
inside && found=="" { l=$0; sub(/^[ \t]+/,"",l); c=category(l); if (c!="") found=c }
