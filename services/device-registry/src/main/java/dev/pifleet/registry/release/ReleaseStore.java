package dev.pifleet.registry.release;

import dev.pifleet.parse.ParseAcl;
import dev.pifleet.parse.ParseAuth;
import dev.pifleet.parse.ParseClient;
import dev.pifleet.parse.ParseException;
import dev.pifleet.parse.ParseFields;
import dev.pifleet.parse.ParseObject;
import dev.pifleet.parse.ParseQuery;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code Release}: one row per published version (unique {@code version}), master key only. Rows are never changed:
 * a version's file, digest and signature are what the Pis were offered, so publishing it again is refused.
 */
@ApplicationScoped
public class ReleaseStore {

    static final String CLASS = "Release";
    private static final String VERSION = "version";
    private static final String SHA256 = "sha256";
    private static final String SIZE = "size";
    private static final String URL = "url";
    private static final String SIGNATURE = "signature";
    private static final String KEY_ID = "keyId";
    private static final String NOTES = "notes";
    private static final String PUBLISHED_AT = "publishedAt";
    private static final int LIST_LIMIT = 200;

    private final ParseClient parse;

    ReleaseStore(ParseClient parse) {
        this.parse = parse;
    }

    /** Stores the release; empty when its version was published before (the unique index decides). */
    public Optional<Release> create(Release release) {
        ParseFields fields = ParseFields.create()
                .set(VERSION, release.version())
                .set(SHA256, release.sha256())
                .set(SIZE, release.size())
                .set(URL, release.url())
                .set(SIGNATURE, release.signature())
                .set(KEY_ID, release.keyId())
                .set(PUBLISHED_AT, release.publishedAt())
                .acl(ParseAcl.masterOnly());
        if (release.notes() != null) {
            fields.set(NOTES, release.notes());
        }
        try {
            parse.create(ParseAuth.master(), CLASS, fields);
            return Optional.of(release);
        } catch (ParseException.DuplicateValueException publishedBefore) {
            return Optional.empty();
        }
    }

    public Optional<Release> find(String version) {
        return parse.first(ParseAuth.master(), ParseQuery.of(CLASS).equalTo(VERSION, version)).map(ReleaseStore::toRelease);
    }

    /** The newest releases first, at most 200. */
    public List<Release> list() {
        return parse.find(ParseAuth.master(), ParseQuery.of(CLASS).orderBy("-" + PUBLISHED_AT).limit(LIST_LIMIT))
                .stream().map(ReleaseStore::toRelease).toList();
    }

    private static Release toRelease(ParseObject row) {
        return new Release(row.getString(VERSION), row.getString(SHA256), row.getLong(SIZE), row.getString(URL),
                row.getString(SIGNATURE), row.getString(KEY_ID), row.getString(NOTES), row.getDate(PUBLISHED_AT));
    }
}
