#!/usr/bin/python3
"""A device on Debian's python3-paho-mqtt (1.6), driven by the tests: commands as JSON lines on stdin, events as
JSON lines on stdout. It reconnects by itself (every 1-2 s) and resends unacknowledged QoS 1 messages, as a real
device's client does.

usage: paho_device.py HOST PORT USERNAME PASSWORD
stdin:  {"op": "publish", "topic": ..., "payload": ..., "qos": 1}   {"op": "subscribe", "topic": ..., "qos": 1}
        {"op": "exit"}
stdout: {"event": "connack", "rc": 0}  {"event": "disconnect", "rc": 7}  {"event": "puback", "mid": 1}
        {"event": "published", "mid": 1}  {"event": "suback", "mid": 2, "granted": [1]}
        {"event": "message", "topic": ..., "payload": ..., "qos": 1}
"""
import json
import sys

import paho.mqtt.client as mqtt


def emit(**event):
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def main():
    host, port, username, password = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    client = mqtt.Client(protocol=mqtt.MQTTv311, clean_session=True)
    client.username_pw_set(username, password)
    client.reconnect_delay_set(min_delay=1, max_delay=2)
    client.on_connect = lambda c, userdata, flags, rc: emit(event="connack", rc=rc)
    client.on_disconnect = lambda c, userdata, rc: emit(event="disconnect", rc=rc)
    client.on_publish = lambda c, userdata, mid: emit(event="puback", mid=mid)
    client.on_subscribe = lambda c, userdata, mid, granted: emit(event="suback", mid=mid, granted=list(granted))
    client.on_message = lambda c, userdata, message: emit(
        event="message", topic=message.topic, payload=message.payload.decode("utf-8", "replace"), qos=message.qos)
    client.connect_async(host, port, keepalive=30)
    client.loop_start()
    for line in sys.stdin:
        command = json.loads(line)
        if command["op"] == "publish":
            info = client.publish(command["topic"], command["payload"], qos=command.get("qos", 1))
            emit(event="published", mid=info.mid)
        elif command["op"] == "subscribe":
            result, mid = client.subscribe(command["topic"], qos=command.get("qos", 1))
            emit(event="subscribing", mid=mid, result=result)
        elif command["op"] == "exit":
            break
    client.disconnect()
    client.loop_stop()


if __name__ == "__main__":
    main()
