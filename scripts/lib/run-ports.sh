# shellcheck shell=bash disable=SC2034  # sourced; the scripts that source it use these
# The local run's ports (./scripts/run), written once: in CI ./scripts/test holds the same ones while the tests run.
# The mail sink's SMTP and IMAP ports; PORT has its HTTP API (health, and where mails are read).
MAIL_SMTP_PORT=3025
MAIL_IMAP_PORT=3143
# telemetry-ingest's MQTT endpoint, plain on loopback (1883 is left to a system broker; docs/mqtt.md).
MQTT_PORT=1884
declare -A PORT=([parse-server]=1337 [mail-sink]=8025 [auth-gateway]=8080 [device-registry]=8081 [telemetry-ingest]=8082
  [alerting]=8083 [pi-agent]=5000 [release-files]=8086)
