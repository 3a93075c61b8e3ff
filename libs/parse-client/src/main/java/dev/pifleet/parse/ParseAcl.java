package dev.pifleet.parse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A row's access control list. Public access is never granted: pifleet rows belong to their owner. */
public final class ParseAcl {

    private record Grant(boolean read, boolean write) {
    }

    private final Map<String, Grant> grants;

    private ParseAcl(Map<String, Grant> grants) {
        this.grants = grants;
    }

    /** Only this user may read and write the row (and the master key, which ACLs never bind). */
    public static ParseAcl ownerReadWrite(String userId) {
        return new ParseAcl(Map.of(Objects.requireNonNull(userId, "userId"), new Grant(true, true)));
    }

    /** Only this user may read the row; nobody but the master key writes it. */
    public static ParseAcl ownerReadOnly(String userId) {
        return new ParseAcl(Map.of(Objects.requireNonNull(userId, "userId"), new Grant(true, false)));
    }

    /** Nobody but the master key. */
    public static ParseAcl masterOnly() {
        return new ParseAcl(Map.of());
    }

    ObjectNode toJson() {
        ObjectNode acl = ParseJson.NODES.objectNode();
        new LinkedHashMap<>(grants).forEach((userId, grant) -> {
            ObjectNode entry = acl.putObject(userId);
            if (grant.read()) {
                entry.put("read", true);
            }
            if (grant.write()) {
                entry.put("write", true);
            }
        });
        return acl;
    }
}
