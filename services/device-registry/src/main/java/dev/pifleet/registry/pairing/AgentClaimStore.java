package dev.pifleet.registry.pairing;

import dev.pifleet.parse.ParseAcl;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code AgentClaim} rows in Parse (master key only): one per agent key pair, holding the hash of its current claim
 * code, the code's expiry and the signed timestamp of the request that asked for it (replays are refused by OnceKey).
 */
@ApplicationScoped
public class AgentClaimStore {

    static final String CLASS = "AgentClaim";
    private static final String AGENT_KEY = "agentKey";
    private static final String DEVICE_ID = "deviceId";
    private static final String CODE_HASH = "codeHash";
    private static final String CLAIM_ID = "claimId";
    private static final String EXPIRES_AT = "expiresAt";
    private static final String LAST_SIGNED_AT = "lastSignedAt";
    private static final int SWEEP_BATCH = 50;

    /** A claim as the registry reads it. {@code codeHash} is null once the code has been redeemed. */
    public record AgentClaim(String objectId, String agentKey, String deviceId, String codeHash, String claimId,
            Instant expiresAt) {

        public boolean redeemableAt(Instant now) {
            return codeHash != null && expiresAt != null && expiresAt.isAfter(now);
        }
    }

    private final ParseClient parse;

    AgentClaimStore(ParseClient parse) {
        this.parse = parse;
    }

    public Optional<AgentClaim> findByAgentKey(String agentKey) {
        return parse.first(ParseAuth.master(), ParseQuery.of(CLASS).equalTo(AGENT_KEY, agentKey))
                .map(AgentClaimStore::toClaim);
    }

    public Optional<AgentClaim> findByCodeHash(String codeHash) {
        return parse.first(ParseAuth.master(), ParseQuery.of(CLASS).equalTo(CODE_HASH, codeHash))
                .map(AgentClaimStore::toClaim);
    }

    /**
     * The agent's first code.
     *
     * @throws dev.pifleet.parse.ParseException.DuplicateValueException when a concurrent request created it first
     */
    public void create(String agentKey, String deviceId, String codeHash, String claimId, Instant expiresAt,
            long signedAt) {
        parse.create(ParseAuth.master(), CLASS, code(ParseFields.create(), codeHash, claimId, expiresAt, signedAt)
                .set(AGENT_KEY, agentKey)
                .set(DEVICE_ID, deviceId)
                .acl(ParseAcl.masterOnly()));
    }

    /** A new code replaces the agent's previous one, which stops working. */
    public void renew(String objectId, String deviceId, String codeHash, String claimId, Instant expiresAt,
            long signedAt) {
        parse.update(ParseAuth.master(), CLASS, objectId,
                code(ParseFields.create(), codeHash, claimId, expiresAt, signedAt).set(DEVICE_ID, deviceId));
    }

    /** The code was redeemed: it cannot be used again. */
    public void redeemed(String objectId) {
        parse.update(ParseAuth.master(), CLASS, objectId, ParseFields.create().unset(CODE_HASH));
    }

    /** Deletes up to one batch of claims whose code expired before {@code before}; returns how many. */
    public int deleteExpired(Instant before) {
        return parse.deleteFound(ParseQuery.of(CLASS).lessThan(EXPIRES_AT, before).keys(EXPIRES_AT).limit(SWEEP_BATCH));
    }

    private static ParseFields code(ParseFields fields, String codeHash, String claimId, Instant expiresAt,
            long signedAt) {
        return fields.set(CODE_HASH, codeHash).set(CLAIM_ID, claimId).set(EXPIRES_AT, expiresAt)
                .set(LAST_SIGNED_AT, signedAt);
    }

    private static AgentClaim toClaim(ParseObject row) {
        return new AgentClaim(row.objectId(), row.getString(AGENT_KEY), row.getString(DEVICE_ID),
                row.getString(CODE_HASH), row.getString(CLAIM_ID), row.getDate(EXPIRES_AT));
    }
}
