#!/usr/bin/env bash
# Adds an EHR tenant to an external Artemis instance configured with this folder's broker.properties:
#   add-tenant.sh <artemis instance dir> <tenant id> <broker user> <password>
# - the user, with role tenant.<id> (etc/artemis-users.properties, etc/artemis-roles.properties);
# - ehr.inbound.<id>, the only address the tenant may send to, diverted into the bridge's ehr.inbound with the
#   tenant stamped on every message (authenticatedTenant), so the bridge knows who sent it whatever the protocol;
# - its rights: send to ehr.inbound.<id>; read ehr.outbound.<id>; create and read reply queues ehr.reply.<id>.*
# Run it again with another user to give a tenant a second user (the address part is then skipped).
# Restart the broker (or wait for its configuration reload) afterwards.
set -euo pipefail
if [ $# -ne 4 ]; then
  echo "usage: $0 <artemis instance dir> <tenant id> <broker user> <password>" >&2
  exit 2
fi
instance=$1 tenant=$2 user=$3 password=$4
if ! [[ $tenant =~ ^[a-z0-9_-]+$ ]] || [ "$tenant" = invalid ] || [ "$tenant" = accepted ]; then
  echo "tenant ids are [a-z0-9_-], and not 'invalid' or 'accepted'" >&2
  exit 2
fi
if ! [[ $user =~ ^[A-Za-z0-9._@-]+$ ]]; then
  echo "broker user names are [A-Za-z0-9._@-]" >&2
  exit 2
fi
etc=$instance/etc
role=tenant.$tenant
if grep -q "^$user *=" "$etc/artemis-users.properties"; then
  echo "broker user $user exists already" >&2
  exit 1
fi
printf '\n%s = %s\n' "$user" "$password" >> "$etc/artemis-users.properties"
# artemis-roles.properties: one line per role listing its users
if grep -q "^$role *=" "$etc/artemis-roles.properties"; then
  sed -i "s/^$role *=\(.*\)$/$role =\1,$user/" "$etc/artemis-roles.properties"
else
  printf '\n%s = %s\n' "$role" "$user" >> "$etc/artemis-roles.properties"
fi

props=$etc/broker.properties
if grep -q "^divertConfigurations.\"ehr-inbound-from-$tenant\"" "$props"; then
  exit 0
fi
bridge_all="send consume browse manage createAddress deleteAddress createDurableQueue deleteDurableQueue createNonDurableQueue deleteNonDurableQueue view edit"
{
  echo
  echo "# tenant $tenant (add-tenant.sh)"
  echo "addressConfigurations.\"ehr.inbound.$tenant\".routingTypes=ANYCAST,MULTICAST"
  echo "addressConfigurations.\"ehr.inbound.$tenant\".queueConfigs.\"ehr.inbound.$tenant\".address=ehr.inbound.$tenant"
  echo "addressConfigurations.\"ehr.inbound.$tenant\".queueConfigs.\"ehr.inbound.$tenant\".routingType=ANYCAST"
  echo "divertConfigurations.\"ehr-inbound-from-$tenant\".address=ehr.inbound.$tenant"
  echo "divertConfigurations.\"ehr-inbound-from-$tenant\".forwardingAddress=ehr.inbound"
  echo "divertConfigurations.\"ehr-inbound-from-$tenant\".exclusive=true"
  echo "divertConfigurations.\"ehr-inbound-from-$tenant\".routingType=ANYCAST"
  echo "divertConfigurations.\"ehr-inbound-from-$tenant\".transformerConfiguration.className=org.apache.activemq.artemis.core.server.transformer.AddHeadersTransformer"
  echo "divertConfigurations.\"ehr-inbound-from-$tenant\".transformerConfiguration.properties.authenticatedTenant=$tenant"
  echo "addressConfigurations.\"ehr.outbound.$tenant\".routingTypes=ANYCAST"
  echo "addressConfigurations.\"ehr.outbound.$tenant\".queueConfigs.\"ehr.outbound.$tenant\".address=ehr.outbound.$tenant"
  echo "addressConfigurations.\"ehr.outbound.$tenant\".queueConfigs.\"ehr.outbound.$tenant\".routingType=ANYCAST"
  for match in "ehr.inbound.$tenant" "ehr.outbound.$tenant" "ehr.reply.$tenant.#"; do
    for p in $bridge_all; do echo "securityRoles.\"$match\".bridge.$p=true"; done
  done
  echo "securityRoles.\"ehr.inbound.$tenant\".\"$role\".send=true"
  for p in consume browse; do echo "securityRoles.\"ehr.outbound.$tenant\".\"$role\".$p=true"; done
  for p in consume browse createAddress createDurableQueue deleteDurableQueue createNonDurableQueue deleteNonDurableQueue; do
    echo "securityRoles.\"ehr.reply.$tenant.#\".\"$role\".$p=true"
  done
} >> "$props"
