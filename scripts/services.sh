#!/usr/bin/env bash
# Makes sure the outside services the tests need are there, on 127.0.0.1 only.
#   scripts/services.sh up     install (apt-get) and start what is missing; use what already runs
#   scripts/services.sh down   stop only what `up` started
#   scripts/services.sh status
# PostgreSQL and Kafka need nothing here: the tests start their own embedded ones.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
STATE="$ROOT/.kin"
mkdir -p "$STATE"

log() { printf '[services] %s\n' "$*"; }

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "need root to run: $*"; return 1; fi
}

apt_updated=0
apt_install() {
  if [ "$apt_updated" = 0 ]; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    apt_updated=1
  fi
  log "installing $* with apt-get"
  # packages must not start daemons of their own (a packaged mosquitto would take port 1883):
  # policy-rc.d answering 101 tells invoke-rc.d not to start services during this install
  local policy=/usr/sbin/policy-rc.d added=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null && as_root chmod +x "$policy" && added=1
  fi
  as_root env DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1 apt-get install -y -qq "$@" >/dev/null || { [ $added = 1 ] && as_root rm -f "$policy"; return 1; }
  [ $added = 1 ] && as_root rm -f "$policy"
  return 0
}

rabbitmq_up() {
  if port_open 5672; then
    log "RabbitMQ already runs on 127.0.0.1:5672; using it"
    return
  fi
  command -v rabbitmq-server >/dev/null || apt_install rabbitmq-server
  log "starting RabbitMQ on 127.0.0.1:5672"
  as_root env RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 ERL_EPMD_ADDRESS=127.0.0.1 \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    rabbitmq-server -detached
  touch "$STATE/rabbitmq.started"
  for _ in $(seq 1 60); do
    port_open 5672 && { log "RabbitMQ is ready"; return; }
    sleep 1
  done
  log "RabbitMQ did not open 127.0.0.1:5672 within 60 s"; return 1
}

tools_up() {
  # docker-compose (v1) validates the compose file without a Docker engine
  command -v docker-compose >/dev/null || apt_install docker-compose
  # the console's browser tests drive Debian's Chromium
  { command -v chromium >/dev/null && command -v chromedriver >/dev/null; } || apt_install chromium chromium-driver
  # interop checks use the Mosquitto command-line clients; the load tool's tests run a private Mosquitto
  command -v mosquitto_pub >/dev/null || apt_install mosquitto-clients
  [ -x /usr/sbin/mosquitto ] || apt_install mosquitto
}

case "${1:-up}" in
  up)
    tools_up
    rabbitmq_up
    ;;
  down)
    if [ -f "$STATE/rabbitmq.started" ]; then
      log "stopping the RabbitMQ that services.sh started"
      as_root rabbitmqctl stop >/dev/null 2>&1 || true
      rm -f "$STATE/rabbitmq.started"
    fi
    ;;
  status)
    port_open 5672 && log "RabbitMQ: up" || log "RabbitMQ: down"
    command -v docker-compose >/dev/null && log "docker-compose: $(docker-compose version --short 2>/dev/null)" || log "docker-compose: missing"
    command -v chromium >/dev/null && log "chromium: present" || log "chromium: missing"
    ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
