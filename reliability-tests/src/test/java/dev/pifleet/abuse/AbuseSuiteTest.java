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
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of {@link Cases} against the running services: a 4xx (never a 5xx), the contract's error JSON, no
 * internals in the body, and nothing stored in Parse. Run one case with
 * {@code -Dtest='AbuseSuiteTest#hostileInputIsRefused' -Dabuse.only='<part of its name>'}.
 */
@QuarkusTest
@WithTestResource(ParseServerTestResource.class)
class AbuseSuiteTest {

    /** What Parse held after the previous case: nothing else writes meanwhile, so it is this case's "before". */
    private static Storage last;

    @Inject
    ParseClient parse;

    @BeforeAll
    static void forgetStorage() {
        last = null;
    }

    static Stream<String> cases() {
        String only = System.getProperty("abuse.only", "");
        return Cases.names().stream().filter(name -> name.contains(only));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void hostileInputIsRefused(String name) {
        Cases.Case hostile = Cases.named(name);
        AbuseStack stack = AbuseStack.shared();
        RawHttp.Request request = hostile.request().apply(stack);

        Storage before = last != null ? last : Storage.read(parse, stack);
        List<String> problems = new ArrayList<>();
        int status = 0;
        try {
            RawHttp.HttpAnswer response = RawHttp.send(stack.url(hostile.endpoint().service()), request);
            status = response.status();
            problems.addAll(Verdict.problems(hostile.expect(), status, response.body()));
            problems.addAll(Verdict.namesField(hostile.field(), status, response.body()));
        } catch (UncheckedIOException e) {
            problems.add("no HTTP answer: " + e.getCause().getMessage());
        }
        last = Storage.read(parse, stack);
        if ((status < 200 || status >= 300) && !last.equals(before)) {
            problems.add("stored something: before " + before + ", after " + last);
        }

        String report = name + "\n  request: " + request.describe() + "\n  problems: " + problems;
        Optional<String> known = KnownDefects.reason(name);
        if (known.isPresent()) {
            if (problems.isEmpty()) {
                fail("fixed, remove its entry from KnownDefects (" + known.get() + "): " + report);
            }
            abort("known defect: " + known.get() + "\n" + report);
        }
        if (!problems.isEmpty()) {
            fail(report);
        }
    }
}
