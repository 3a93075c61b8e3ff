package dev.pifleet.bench.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pifleet.bench.BenchDevice;
import dev.pifleet.bench.HttpJson;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;

/** Batches as {@code POST /api/device/data}: acknowledged by a 200 that accounts for every reading. */
final class HttpSender implements SteadyLoad.Sender {

    private final HttpJson http;
    private final String dataUrl;

    HttpSender(HttpJson http, String ingestUrl) {
        this.http = http;
        this.dataUrl = ingestUrl + "/api/device/data";
    }

    @Override
    public void send(BenchDevice device, String body, int readings) throws SteadyLoad.SendFailure, InterruptedException {
        try {
            JsonNode answer = HttpJson.await(http.send(HttpMethod.POST, dataUrl, body,
                    "Authorization", "Device " + device.apiKey()));
            if (answer.path("success").asBoolean(false)
                    && answer.path("accepted").asInt() + answer.path("duplicates").asInt() == readings) {
                return;
            }
            String kind = "200 without all readings: " + answer;
            throw new SteadyLoad.SendFailure(kind, kind, false);
        } catch (IOException e) {
            if (e.getCause() instanceof HttpJson.HttpFailure refused && refused.refused() && refused.status() != 429) {
                // A 4xx other than 429 stored nothing and will not change on a resend.
                throw new SteadyLoad.SendFailure(String.valueOf(refused.status()), refused.getMessage(), true);
            }
            if (e.getCause() instanceof HttpJson.HttpFailure answered) {
                throw new SteadyLoad.SendFailure(String.valueOf(answered.status()), answered.getMessage(), false);
            }
            throw new SteadyLoad.SendFailure(kind(e),
                    String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage()), false);
        }
    }

    private static String kind(IOException e) {
        Throwable cause = e.getCause() == null ? e : e.getCause();
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        if (message.contains("Connection refused")) {
            return "connection refused";
        }
        if (message.contains("reset") || message.contains("closed")) {
            return "connection reset/closed";
        }
        if (message.contains("no answer") || cause instanceof java.util.concurrent.TimeoutException
                || message.contains("idle timeout")) {
            return "timeout";
        }
        return cause.getClass().getSimpleName();
    }

}
