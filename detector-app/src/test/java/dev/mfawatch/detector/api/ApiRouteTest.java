package dev.mfawatch.detector.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.detector.api.ApiRoute.Kind;
import org.junit.jupiter.api.Test;

class ApiRouteTest {

    @Test
    void routesTheThreePublicPathsAndTheIndex() {
        assertThat(ApiRoute.of("/api")).contains(new ApiRoute(Kind.INDEX, null, null));
        assertThat(ApiRoute.of("/api/")).contains(new ApiRoute(Kind.INDEX, null, null));
        assertThat(ApiRoute.of("/api/exceptions")).contains(new ApiRoute(Kind.EXCEPTIONS, null, null));
        assertThat(ApiRoute.of("/api/exceptions/")).contains(new ApiRoute(Kind.EXCEPTIONS, null, null));
        assertThat(ApiRoute.of("/api/exceptions/EXC-2026-001")).contains(new ApiRoute(Kind.EXCEPTION, null, "EXC-2026-001"));
        assertThat(ApiRoute.of("/api/principals/alice@example.com"))
                .contains(new ApiRoute(Kind.PRINCIPAL, null, "alice@example.com"));
    }

    @Test
    void idsArePercentDecodedOnceAndPlusStaysPlus() {
        // A plus-addressed mail and a name holding a slash, each one path segment.
        assertThat(ApiRoute.of("/api/principals/alice+ops%40example.com").orElseThrow().id()).isEqualTo("alice+ops@example.com");
        assertThat(ApiRoute.of("/api/principals/CORP%5Calice%2Fadmin").orElseThrow().id()).isEqualTo("CORP\\alice/admin");
        assertThat(ApiRoute.of("/api/principals/j%C3%BCrgen%20m").orElseThrow().id()).isEqualTo("jürgen m");
        assertThat(ApiRoute.of("/api/principals/jürgen").orElseThrow().id()).isEqualTo("jürgen");
    }

    @Test
    void encodeIsTheInverseOfTheRouting() {
        for (String id : new String[] {"alice+ops@example.com", "a b/c%d", "CORP\\alice", "jürgen"}) {
            assertThat(ApiRoute.of("/api/principals/" + ApiRoute.encode(id)).orElseThrow().id()).isEqualTo(id);
            assertThat(ApiRoute.of(ApiRoute.storePath("principal-alerts", id)))
                    .contains(new ApiRoute(Kind.INTERNAL_STORE, "principal-alerts", id));
        }
    }

    @Test
    void internalPathsAreMarkedInternal() {
        assertThat(ApiRoute.of("/api/internal/usage").orElseThrow().internal()).isTrue();
        assertThat(ApiRoute.of("/api/internal/stores/exception-notices/EXC-1").orElseThrow().internal()).isTrue();
        assertThat(ApiRoute.of("/api/exceptions/EXC-1").orElseThrow().internal()).isFalse();
    }

    @Test
    void anythingElseIsNoRoute() {
        assertThat(ApiRoute.of("/")).isEmpty();
        assertThat(ApiRoute.of("/apis/exceptions")).isEmpty();
        assertThat(ApiRoute.of("/metrics")).isEmpty();
        assertThat(ApiRoute.of("/api/principals")).isEmpty();
        assertThat(ApiRoute.of("/api/exceptions/EXC-1/usage")).isEmpty();
        assertThat(ApiRoute.of("/api/internal")).isEmpty();
        assertThat(ApiRoute.of("/api/internal/stores/principal-alerts")).isEmpty();
        assertThat(ApiRoute.of("/api/principals/%zz")).isEmpty();
        assertThat(ApiRoute.of("/api/principals/abc%4")).isEmpty();
        assertThat(ApiRoute.of("/api/principals/%20")).isEmpty();
        assertThat(ApiRoute.of(null)).isEmpty();
    }
}
