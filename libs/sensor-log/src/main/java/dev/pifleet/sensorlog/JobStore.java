package dev.pifleet.sensorlog;

import dev.pifleet.parse.ParseAcl;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseException;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * The one owner of the Parse classes {@code JobLease} and {@code JobState}: which replica runs a background job in
 * a time slot, and where the rollup job got to. Both are readable by the master key only.
 */
@ApplicationScoped
public class JobStore {

    static final String LEASE_CLASS = "JobLease";
    static final String STATE_CLASS = "JobState";
    static final String AUDIT_CLASS = "RollupAudit";
    private static final String FROM_AT = "fromAt";
    private static final String TO_AT = "toAt";
    private static final String COUNT = "count";
    private static final String CHECK_AT = "checkAt";
    private static final String JOB = "job";
    private static final String SLOT = "slot";
    private static final String DONE_AT = "doneAt";
    private static final String DONE_ID = "doneId";
    private static final String COVERED_UNTIL = "coveredUntil";
    private static final String SEQ = "seq";
    private static final String PENDING_SEQ = "pendingSeq";
    private static final String PENDING_UP_TO = "pendingUpTo";

    private final ParseClient parse;

    JobStore(ParseClient parse) {
        this.parse = parse;
    }

    /**
     * True for the one caller, among all replicas, that creates the lease of {@code job} for {@code slot}: the
     * unique (job, slot) index makes every other create a duplicate.
     */
    public boolean tryLease(String job, long slot) {
        try {
            parse.create(ParseAuth.master(), LEASE_CLASS,
                    ParseFields.create().set(JOB, job).set(SLOT, slot).acl(ParseAcl.masterOnly()));
            return true;
        } catch (ParseException.DuplicateValueException takenByAnother) {
            return false;
        }
    }

    /** Deletes up to 50 leases of the job older than {@code beforeSlot}, so that the class stays small. */
    public void forgetLeases(String job, long beforeSlot) {
        parse.find(ParseAuth.master(), ParseQuery.of(LEASE_CLASS).equalTo(JOB, job).lessThan(SLOT, beforeSlot).keys(JOB)
                        .limit(50))
                .forEach(lease -> {
                    try {
                        parse.delete(ParseAuth.master(), LEASE_CLASS, lease.objectId());
                    } catch (ParseException.ObjectNotFoundException alreadyGone) {
                        // another replica forgot it first
                    }
                });
    }

    public RollupProgress rollupProgress(String job) {
        return parse.first(ParseAuth.master(), ParseQuery.of(STATE_CLASS).equalTo(JOB, job))
                .map(JobStore::progress).orElse(RollupProgress.START);
    }

    /** Saves the progress; returns it with the row's objectId. */
    public RollupProgress save(String job, RollupProgress progress) {
        ParseFields fields = ParseFields.create().set(COVERED_UNTIL, progress.coveredUntil()).set(SEQ, progress.seq());
        if (progress.done() != null) {
            fields.set(DONE_AT, progress.done().at()).set(DONE_ID, progress.done().objectId());
        }
        if (progress.hasPendingChunk()) {
            fields.set(PENDING_SEQ, progress.pendingSeq()).set(PENDING_UP_TO, progress.pendingUpTo());
        } else if (progress.objectId() != null) {
            fields.unset(PENDING_SEQ).unset(PENDING_UP_TO);
        }
        if (progress.objectId() != null) {
            parse.update(ParseAuth.master(), STATE_CLASS, progress.objectId(), fields);
            return progress;
        }
        // Unique by job: a second replica's first save fails here instead of starting a second history.
        ParseObject created = parse.create(ParseAuth.master(), STATE_CLASS, fields.set(JOB, job).acl(ParseAcl.masterOnly()));
        return new RollupProgress(created.objectId(), progress.done(), progress.coveredUntil(), progress.seq(),
                progress.pendingSeq(), progress.pendingUpTo());
    }

    /**
     * Writes down a chunk's window and the readings it held, to be counted again at {@code checkAt}. A chunk redone
     * after a crash records its window once (unique seq).
     */
    public void recordWindow(RollupWindow window, Instant checkAt) {
        try {
            parse.create(ParseAuth.master(), AUDIT_CLASS, ParseFields.create().set(SEQ, window.seq())
                    .set(FROM_AT, window.from()).set(TO_AT, window.to()).set(COUNT, window.count())
                    .set(CHECK_AT, checkAt).acl(ParseAcl.masterOnly()));
        } catch (ParseException.DuplicateValueException recordedBeforeACrash) {
            // the same chunk, the same window
        }
    }

    /** Windows due to be counted again, oldest first, at most {@code limit}. */
    public java.util.List<RollupWindow> dueWindows(Instant now, int limit) {
        return parse.find(ParseAuth.master(), ParseQuery.of(AUDIT_CLASS).lessThanOrEqualTo(CHECK_AT, now)
                        .orderBy(CHECK_AT).limit(limit)).stream()
                .map(row -> new RollupWindow(row.objectId(), row.get(SEQ).asLong(), row.getDate(FROM_AT),
                        row.getDate(TO_AT), row.get(COUNT).asLong()))
                .toList();
    }

    public void forgetWindow(RollupWindow window) {
        try {
            parse.delete(ParseAuth.master(), AUDIT_CLASS, window.objectId());
        } catch (ParseException.ObjectNotFoundException alreadyGone) {
            // checked by a replica that held an earlier slot
        }
    }

    private static RollupProgress progress(ParseObject row) {
        Instant doneAt = row.getDate(DONE_AT);
        RowPosition done = doneAt == null ? null : new RowPosition(doneAt, row.getString(DONE_ID));
        Long pendingSeq = row.has(PENDING_SEQ) && !row.get(PENDING_SEQ).isNull() ? row.get(PENDING_SEQ).asLong() : null;
        return new RollupProgress(row.objectId(), done, row.getDate(COVERED_UNTIL), row.get(SEQ).asLong(), pendingSeq,
                pendingSeq == null ? null : row.getDate(PENDING_UP_TO));
    }
}
