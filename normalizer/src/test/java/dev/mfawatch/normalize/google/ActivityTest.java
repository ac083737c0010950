package dev.mfawatch.normalize.google;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActivityTest {

    private static JsonNode json(String s) {
        return dev.mfawatch.normalize.Fixtures.singleQuoted(s);
    }

    @Test
    void everyParameterValueKindIsRead() {
        Activity a = Activity.of(json("{'id':{'time':'2026-11-23T09:00:00Z','uniqueQualifier':'1'},'events':[{'name':'x',"
                + "'parameters':[{'name':'s','value':'v'},{'name':'b','boolValue':true},{'name':'i','intValue':'42'},"
                + "{'name':'m','multiValue':['a','b']},{'name':'mi','multiIntValue':['1','2']},"
                + "{'name':'ms','multiStrValue':['c']},{'value':'nameless'}]}]}"));
        assertThat(a.events()).hasSize(1);
        assertThat(a.events().get(0).params()).isEqualTo(Map.of("s", List.of("v"), "b", List.of("true"),
                "i", List.of("42"), "m", List.of("a", "b"), "mi", List.of("1", "2"), "ms", List.of("c")));
    }

    @Test
    void aFlattenedParameterMapIsRead() {
        Activity a = Activity.of(json("{'name':'login_success','parameters':{'login_type':'saml',"
                + "'login_challenge_method':['password','google_prompt']}}"));
        assertThat(a.events().get(0).all("login_challenge_method")).containsExactly("password", "google_prompt");
        assertThat(a.events().get(0).first("login_type")).isEqualTo("saml");
    }

    @Test
    void anEcsEventObjectIsNotAGoogleEvent() {
        Activity a = Activity.of(json("{'id':{'time':'2026-11-23T09:00:00Z'},'event':{'kind':'event','category':['authentication']}}"));
        assertThat(a.events()).isEmpty();
    }

    @Test
    void cloudLoggingTimeIsTheActivityMicroseconds() {
        Activity a = Activity.of(json("{'timestamp':'2026-11-23T09:00:00Z','protoPayload':{'serviceName':'admin.googleapis.com',"
                + "'metadata':{'activityId':{'timeUsec':'1795424400000001','uniqQualifier':'-7'},'event':{'eventName':'E'}}}}"));
        assertThat(a.time()).isEqualTo(Instant.parse("2026-11-23T09:00:00.000001Z"));
        assertThat(a.application()).isEqualTo("admin");
        assertThat(a.qualifier()).isEqualTo("-7");
        assertThat(a.events()).extracting(Activity.Event::name).containsExactly("E");
    }
}
