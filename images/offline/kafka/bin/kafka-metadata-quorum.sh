#!/usr/bin/env bash
# As the distribution's bin/kafka-metadata-quorum.sh (what the compose file's health check runs in
# both images): `kafka-metadata-quorum.sh --bootstrap-server localhost:9092 describe --status`
# exits 0 once the KRaft quorum has a leader. Logs at WARN, as the distribution's tools do.
export KAFKA_LOG4J_ROOT_LOGLEVEL=WARN
exec java -Xmx128m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dlog4j2.configurationFile=/etc/kafka/docker/log4j2.properties \
  -cp '/opt/kafka/libs/*' org.apache.kafka.tools.MetadataQuorumCommand "$@"
