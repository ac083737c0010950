package dev.mfawatch.model.register;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mfawatch.model.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Registered methods: unknown is never "none", and values written before the distinction stay safe. */
class PrincipalTest {

    private static Principal read(String json) throws Exception {
        return Json.MAPPER.readValue(json, Principal.class);
    }

    @Test
    void anAbsentFieldIsUnknown() throws Exception {
        assertThat(read("{\"id\":\"a@example.com\",\"breakGlass\":false}").registeredMethodsKnown()).isFalse();
    }

    @Test
    void anEmptyListWithoutTheMarkWasWrittenBeforeTheDistinction_andIsUnknown() throws Exception {
        Principal legacy = read("{\"id\":\"a@example.com\",\"breakGlass\":false,\"registeredMethods\":[]}");
        assertThat(legacy.registeredMethods()).isNull();
        assertThat(read("{\"id\":\"a@example.com\",\"breakGlass\":false,\"registeredMethods\":[],\"registeredMethodsStated\":true}").registeredMethods())
                .isEmpty();
        assertThat(read("{\"id\":\"a@example.com\",\"breakGlass\":false,\"registeredMethods\":[\"sms\"]}").registeredMethods()).containsExactly("sms");
    }

    @Test
    void javaCallersStateTheListTheyPass_andTheJsonCarriesIt() throws Exception {
        Principal none = new Principal("a@example.com", List.of(), null, List.of(), false, List.of(), null, true);
        assertThat(none.registeredMethodsKnown()).isTrue();
        String json = Json.MAPPER.writeValueAsString(none);
        assertThat(json).contains("\"registeredMethods\":[]", "\"registeredMethodsStated\":true");
        assertThat(read(json)).isEqualTo(none);
        Principal unknown = new Principal("a@example.com", List.of(), null, List.of(), false, null, null, true);
        assertThat(Json.MAPPER.writeValueAsString(unknown)).doesNotContain("registeredMethods");
        assertThat(read(Json.MAPPER.writeValueAsString(unknown))).isEqualTo(unknown);
    }
}
