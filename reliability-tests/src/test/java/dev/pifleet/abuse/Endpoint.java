package dev.pifleet.abuse;

import java.util.List;
import java.util.Set;

/**
 * One public endpoint as the suite attacks it. {@code path} may hold {@code {id}}, replaced by the first user's
 * device (or a hostile id), and {@code {command}}, replaced by a command of that device already sent to it (or a
 * hostile id). Each body field says which hostile value groups it must refuse ({@code rejects}) and
 * which it may accept but must survive ({@code probes}: never a 5xx).
 *
 * @param bodyRequired whether a body with none of the fields is refused (false when every field is optional)
 */
record Endpoint(String name, Service service, String method, String path, Credential credential, List<Field> fields,
        List<String> queryParameters, boolean bodyRequired) {

    /**
     * How a caller proves who it is on this endpoint. {@code FRESH_USER}: a user session like {@code USER}, but of a
     * new account per request (password {@link AbuseStack#PASSWORD}), for calls that change or end the account.
     * {@code OPERATOR} is the release publisher's credential.
     */
    enum Credential {
        NONE, USER, FRESH_USER, DEVICE, OPERATOR
    }

    /**
     * @param valid a JSON value the field accepts, or {@code null} when the base body leaves the field out
     * @param optional whether the field may be absent (then {@code null} is allowed too)
     * @param accepts groups whose values must be accepted (2xx): they show that the base body is valid
     * @param wrongTextCode the error code of a well-formed string the stored check refuses (see {@link #orRefusedAs}),
     *     or {@code null}
     */
    record Field(String name, String valid, boolean optional, Set<Corpus.Group> rejects, Set<Corpus.Group> probes,
            Set<Corpus.Group> accepts, String wrongTextCode) {

        Field(String name, String valid, boolean optional, Set<Corpus.Group> rejects, Set<Corpus.Group> probes,
                Set<Corpus.Group> accepts) {
            this(name, valid, optional, rejects, probes, accepts, null);
        }

        /**
         * The field takes any text, checked against something stored (a password, a token, a code, a signature):
         * a string the check does not match is refused with {@code code}, not as invalid input.
         */
        Field orRefusedAs(String code) {
            return new Field(name, valid, optional, rejects, probes, accepts, code);
        }
    }

    boolean hasBody() {
        return !fields.isEmpty();
    }

    boolean hasIdInPath() {
        return path.contains("{id}") || path.contains("{command}");
    }

    /**
     * The path with a hostile id where the endpoint names its object: the command id where there is one (the device
     * then being the first user's), else the device id.
     */
    String pathWith(String hostileId, String deviceId) {
        return path.contains("{command}") ? path.replace("{id}", deviceId).replace("{command}", hostileId)
                : path.replace("{id}", hostileId);
    }

    /** The body every field case starts from: each field with its valid value. */
    String validBody() {
        StringBuilder body = new StringBuilder("{");
        for (Field field : fields) {
            if (field.valid() != null) {
                body.append(body.length() > 1 ? "," : "").append('"').append(field.name()).append("\":").append(field.valid());
            }
        }
        return body.append('}').toString();
    }

    /** The base body with one field set to {@code json} (raw JSON text, so 1e400 stays 1e400). */
    String bodyWith(Field replaced, String json) {
        StringBuilder body = new StringBuilder("{");
        for (Field field : fields) {
            String value = field == replaced ? json : field.valid();
            if (value != null) {
                body.append(body.length() > 1 ? "," : "").append('"').append(field.name()).append("\":").append(value);
            }
        }
        return body.append('}').toString();
    }
}
