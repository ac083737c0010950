package dev.mfawatch.normalize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mfawatch.model.Json;
import dev.mfawatch.model.signin.NetworkInfo;
import dev.mfawatch.model.signin.SignInEvent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Nonsense values are dropped from real provider shapes, counted by reason, and the sign-ins kept. */
class DroppedValuesTest {

    private static ObjectNode tree(String source, String file) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(Fixtures.bytes(source, file));
    }

    @Test
    void entraLongitudeOffTheGlobeLeavesTheSignInUnlocated() throws Exception {
        ObjectNode list = tree("entra-signin", "graph-list.json");
        ObjectNode first = (ObjectNode) list.get("value").get(0);
        ((ObjectNode) first.get("location").get("geoCoordinates")).put("longitude", 1e308);
        NormalizeResult r = Normalizers.forSource("entra-signin").normalize(Json.MAPPER.writeValueAsBytes(list));

        NormalizeResult clean = Fixtures.normalize("entra-signin", "graph-list.json");
        assertThat(r.signInEvents()).hasSameSizeAs(clean.signInEvents());
        NetworkInfo n = r.signInEvents().get(0).network();
        assertThat(n).isEqualTo(new NetworkInfo("203.0.113.10", "PT", "Lisbon", null, null, null));
        assertThat(r.signInEvents().subList(1, r.signInEvents().size()))
                .extracting(SignInEvent::network)
                .isEqualTo(clean.signInEvents().subList(1, clean.signInEvents().size()).stream()
                        .map(SignInEvent::network).toList());
        assertThat(r.dropped()).containsExactly(Map.entry("coordinates_incomplete", 1),
                Map.entry("longitude_out_of_range", 1));
        assertThat(r.droppedValues()).containsExactly(
                new DroppedValue(0, 0, "network.lon", "longitude_out_of_range"),
                new DroppedValue(0, 0, "network.lat", "coordinates_incomplete"));
        assertThat(clean.dropped()).isEmpty();
    }

    @Test
    void oktaCoordinatesThatAreNoNumbersAreCountedNotSilentlyLost() throws Exception {
        ArrayNode log = (ArrayNode) Json.MAPPER.readTree(Fixtures.bytes("okta", "system-log.json"));
        ObjectNode start = null;
        for (var e : log) {
            if (e.path("eventType").asText().equals("user.session.start")
                    && e.path("client").path("geographicalContext").path("geolocation").isObject()) {
                start = (ObjectNode) e;
                break;
            }
        }
        assertThat(start).isNotNull();
        ObjectNode geo = (ObjectNode) start.get("client").get("geographicalContext").get("geolocation");
        geo.put("lat", "north");
        geo.put("lon", "NaN");
        NormalizeResult r = Normalizers.forSource("okta").normalize(Json.MAPPER.writeValueAsBytes(List.of(start)));
        assertThat(r.failures()).isEmpty();
        assertThat(r.signInEvents()).hasSize(1);
        assertThat(r.signInEvents().get(0).network().hasCoordinates()).isFalse();
        assertThat(r.signInEvents().get(0).network().city()).isNotNull();
        assertThat(r.dropped()).containsExactly(Map.entry("coordinates_not_finite", 2));
    }

    @Test
    void cloudTrailSourceThatIsAServiceNameIsNoIp() throws Exception {
        ObjectNode file = tree("cloudtrail", "cloudtrail-file.json");
        ObjectNode first = (ObjectNode) file.get("Records").get(0);
        first.put("sourceIPAddress", "AWS Internal");
        NormalizeResult r = Normalizers.forSource("cloudtrail").normalize(Json.MAPPER.writeValueAsBytes(
                Map.of("Records", List.of(first))));
        assertThat(r.signInEvents()).hasSize(1);
        assertThat(r.signInEvents().get(0).network().ip()).isNull();
        assertThat(r.dropped()).containsExactly(Map.entry("ip_not_an_address", 1));
    }

    @Test
    void aResultBuiltTheOldWayHasNoDrops() {
        assertThat(new NormalizeResult(List.of()).dropped()).isEmpty();
        assertThat(NormalizeResult.failure(ReasonCodes.EMPTY_RECORD, "the record is empty", RecordOrigin.NONE)
                .droppedValues()).isEmpty();
    }
}
