package dev.pifleet.sensorlog;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Reads readings past Parse's page limit: page after page, each one after the last row of the one before (a cursor
 * by {@link RowPosition}, so rows are neither skipped nor repeated), until a page comes back short or enough rows
 * were read.
 */
public final class ReadingPages {

    /** One query of the order being read: the rows after {@code after} (null: from the start), at most {@code limit}. */
    @FunctionalInterface
    public interface Query {
        List<StoredReading> after(RowPosition after, int limit);
    }

    private ReadingPages() {
    }

    /**
     * Hands every row to {@code action}, in order, from after {@code start} (null: the start), at most {@code max} of
     * them in pages of at most {@code pageSize}; {@code position} places a row in the query's order
     * ({@link RowPosition#taken} or {@link RowPosition#stored}). Returns how many were read: {@code max} when it
     * stopped at the bound, so more may follow.
     */
    public static long forEach(Query query, Function<StoredReading, RowPosition> position, RowPosition start, long max,
            int pageSize, Consumer<StoredReading> action) {
        RowPosition after = start;
        long read = 0;
        while (read < max) {
            int wanted = (int) Math.min(pageSize, max - read);
            List<StoredReading> page = query.after(after, wanted);
            page.forEach(action);
            read += page.size();
            if (page.size() < wanted) {
                break;
            }
            after = position.apply(page.getLast());
        }
        return read;
    }

    /** Every row after {@link #forEach}'s start, however many. */
    public static void forEach(Query query, Function<StoredReading, RowPosition> position, int pageSize,
            Consumer<StoredReading> action) {
        forEach(query, position, null, Long.MAX_VALUE, pageSize, action);
    }
}
