package dev.pifleet.ingest.mqtt;

/**
 * The topics a device uses. None names a device: a connection speaks only for the device its key authenticated, so
 * a topic cannot be used to reach another device's data.
 */
final class MqttTopics {

    /** Publish: the body of {@code POST /api/device/data}, one reading or {@code {readings: [...]}}. */
    static final String READINGS = "pifleet/v1/readings";
    /** Subscribe: the desired config document, sent on subscribe and whenever it changes. */
    static final String CONFIG = "pifleet/v1/config";
    /** Subscribe: commands, each sent once (now marked sent), as the HTTP long-poll hands them out. */
    static final String COMMANDS = "pifleet/v1/commands";
    private static final String RESULT_PREFIX = COMMANDS + "/";
    private static final String RESULT_SUFFIX = "/result";

    private MqttTopics() {
    }

    /** The command id of a result topic ({@code pifleet/v1/commands/<id>/result}), or null for any other topic. */
    static String resultCommandId(String topic) {
        if (topic == null || !topic.startsWith(RESULT_PREFIX) || !topic.endsWith(RESULT_SUFFIX)) {
            return null;
        }
        String id = topic.substring(RESULT_PREFIX.length(), topic.length() - RESULT_SUFFIX.length());
        return id.isEmpty() || id.contains("/") || id.contains("+") || id.contains("#") ? null : id;
    }
}
