package dev.pifleet.abuse;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.pifleet.parse.ParseClient;
import dev.pifleet.testing.ParseServerTestResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of {@link Cases} against the running services: a 4xx (never a 5xx), the contract's error JSON, no
 * internals in the body, and nothing stored in Parse. Run one case with
 * {@code -Dtest='AbuseSuiteTest#hostileInputIsRefused' -Dabuse.only='<part of its name>'} (several parts: comma-separated).
 */
@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
class AbuseSuiteTest {

    /** What Parse held after the previous case: nothing else writes meanwhile, so it is this case's "before". */
    private static Storage last;

    @Inject
    ParseClient parse;

    /** Cases run per endpoint, printed at the end of the run. */
    private static final Map<String, Integer> RUN = new TreeMap<>();

    /** Where each process's log stood when the suite began: what follows is the suite's. */
    private static final Map<Path, Long> LOGS_FROM = new LinkedHashMap<>();
    /** An error logged, or a stack frame: a case made a service fail somewhere, even if its answer looked right. */
    private static final Pattern LOGGED_FAILURE = Pattern.compile(" ERROR |unhandled error|^\\s+at [\\w$.<>]+\\(");

    @BeforeAll
    static void forgetStorage() throws IOException {
        last = null;
        RUN.clear();
        LOGS_FROM.clear();
        for (Path log : AbuseStack.shared().logFiles()) {
            LOGS_FROM.put(log, Files.exists(log) ? Files.size(log) : 0L);
        }
    }

    @AfterAll
    static void noServiceLoggedAFailure() throws IOException {
        List<String> failures = new ArrayList<>();
        for (Map.Entry<Path, Long> log : LOGS_FROM.entrySet()) {
            byte[] all = Files.readAllBytes(log.getKey());
            String text = new String(all, (int) Math.min(log.getValue(), all.length),
                    (int) Math.max(0, all.length - log.getValue()), StandardCharsets.UTF_8);
            text.lines().filter(line -> LOGGED_FAILURE.matcher(line).find()).limit(5)
                    .forEach(line -> failures.add(log.getKey().getFileName() + ": " + RawHttp.abbreviate(line)));
        }
        if (!failures.isEmpty()) {
            fail("the services logged errors or stack traces during the suite:\n  " + String.join("\n  ", failures));
        }
    }

    @AfterAll
    static void printCasesPerEndpoint() {
        StringBuilder table = new StringBuilder("abuse suite: cases run per endpoint\n");
        RUN.forEach((endpoint, count) -> table.append(String.format("  %-24s %5d%n", endpoint, count)));
        table.append(String.format("  %-24s %5d%n", "total", RUN.values().stream().mapToInt(Integer::intValue).sum()));
        Endpoints.WITHOUT_BASE.forEach((endpoint, why) -> table.append("  no base request for ").append(endpoint)
                .append(": ").append(why).append('\n'));
        System.out.print(table);
    }

    static Stream<String> cases() {
        List<String> only = List.of(System.getProperty("abuse.only", "").split(","));
        return Cases.names().stream().filter(name -> only.stream().anyMatch(name::contains));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileInputIsRefused(String name) {
        Cases.Case hostile = Cases.named(name);
        RUN.merge(hostile.endpoint().name(), 1, Integer::sum);
        AbuseStack stack = AbuseStack.shared();
        LiveValues.Resolved live = LiveValues.resolve(stack, hostile.endpoint(), hostile.request().apply(stack));
        RawHttp.Request request = live.request();

        // Making a live value (a claim code, a session) stores something: then "before" is read after it.
        Storage before = last != null && !live.wrote() ? last : Storage.read(parse, stack);
        List<String> problems = new ArrayList<>();
        int status = 0;
        String body = null;
        try {
            RawHttp.HttpAnswer response = RawHttp.send(stack.url(hostile.endpoint().service()), request);
            status = response.status();
            body = response.body();
            problems.addAll(Verdict.problems(hostile.expect(), hostile.field(), hostile.otherCode(), status, response.body()));
        } catch (UncheckedIOException e) {
            problems.add("no HTTP answer: " + e.getCause().getMessage());
        }
        last = Storage.read(parse, stack);
        if ((status < 200 || status >= 300) && !last.equals(before)) {
            problems.add("stored something: before " + before + ", after " + last);
        }

        String report = name + "\n  request: " + request.describe() + "\n  problems: " + problems;
        Optional<KnownDefects.Known> known = KnownDefects.find(name);
        if (known.isPresent()) {
            if (problems.isEmpty()) {
                fail("fixed, remove its entry from KnownDefects (" + known.get().reason() + "): " + report);
            }
            if (!known.get().shows(status, body)) {
                fail("listed in KnownDefects as " + known.get().symptom() + ", but answered otherwise: " + report);
            }
            abort("known defect: " + known.get().reason() + "\n" + report);
        }
        if (!problems.isEmpty()) {
            fail(report);
        }
    }
}
