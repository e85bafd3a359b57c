#!/bin/bash
# Entry point of the compose file's broker (apache/activemq-artemis image): on first start, create the instance
# with login required and the bridge's user (role "bridge"), apply broker.properties, and add each tenant of
# BRIDGE_TENANTS (comma-separated ids) with add-tenant.sh, its broker user named like the tenant and its password
# from BROKER_PASSWORD_<TENANT> (upper case). Then run the broker.
set -euo pipefail
home=${ARTEMIS_HOME:-/opt/activemq-artemis}
instance=/var/lib/artemis-instance
if [ ! -f "$instance/etc/broker.xml" ]; then
  "$home/bin/artemis" create "$instance" --user "${ARTEMIS_USER:?}" --password "${ARTEMIS_PASSWORD:?}" --role bridge \
    --require-login --silent --host 0.0.0.0 --http-host 0.0.0.0 --relax-jolokia \
    --no-amqp-acceptor --no-mqtt-acceptor --no-stomp-acceptor --no-hornetq-acceptor
  cp /opt/bridge/broker.properties "$instance/etc/broker.properties"
  IFS=',' read -ra tenants <<< "${BRIDGE_TENANTS:-}"
  for tenant in "${tenants[@]}"; do
    variable="BROKER_PASSWORD_${tenant^^}"
    /opt/bridge/add-tenant.sh "$instance" "$tenant" "$tenant" "${!variable:?set $variable}"
  done
fi
exec "$instance/bin/artemis" run
