package dev.mfawatch.normalize.cloudtrail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.model.signin.PrincipalRef;
import dev.mfawatch.model.signin.PrincipalType;
import dev.mfawatch.normalize.MappingException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AwsIdentityTest {

    private static JsonNode json(String s) {
        return dev.mfawatch.normalize.Fixtures.singleQuoted(s);
    }

    @Test
    void iamUserIsItsArnWithTheUniqueIdAsAlias() {
        PrincipalRef p = AwsIdentity.principal(json("{'type':'IAMUser','principalId':'AIDAEXAMPLE1','accountId':'111122223333',"
                + "'userName':'Paula'}"), "111122223333", false);
        assertThat(p).isEqualTo(new PrincipalRef("arn:aws:iam::111122223333:user/paula", List.of("aidaexample1"),
                PrincipalType.USER));
    }

    @Test
    void anEmailSessionNameOfAnOrdinaryRoleIsNotThePersonUnlessTheLoginWasSaml() {
        JsonNode identity = json("{'type':'AssumedRole','principalId':'AROAX:paula@contoso.example',"
                + "'arn':'arn:aws-us-gov:sts::111122223333:assumed-role/Ops/paula@contoso.example'}");
        assertThat(AwsIdentity.principal(identity, "111122223333", false)).isEqualTo(new PrincipalRef(
                "arn:aws-us-gov:sts::111122223333:assumed-role/ops/paula@contoso.example",
                List.of("arn:aws-us-gov:iam::111122223333:role/ops", "aroax:paula@contoso.example"), PrincipalType.USER));
        assertThat(AwsIdentity.principal(identity, "111122223333", true).id()).isEqualTo("paula@contoso.example");
    }

    @Test
    void identityCenterSessionThatIsNoAddressKeepsTheArn() {
        PrincipalRef p = AwsIdentity.principal(json("{'type':'AssumedRole','principalId':'AROAS:paula',"
                + "'arn':'arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_ReadOnly_0a1b2c3d/paula'}"),
                "111122223333", false);
        assertThat(p.id()).isEqualTo("arn:aws:sts::111122223333:assumed-role/awsreservedsso_readonly_0a1b2c3d/paula");
    }

    @Test
    void identityCenterSignInEventsNameTheUserAndTheIdentityStoreId() {
        PrincipalRef p = AwsIdentity.principal(json("{'type':'Unknown','principalId':'111122223333','arn':'',"
                + "'userName':'paula@contoso.example','onBehalfOf':{'userId':'9067c3d2-0000-4000-8000-000000000001'}}"),
                "111122223333", false);
        assertThat(p).isEqualTo(new PrincipalRef("paula@contoso.example",
                List.of("9067c3d2-0000-4000-8000-000000000001"), PrincipalType.USER));
        PrincipalRef storeOnly = AwsIdentity.principal(json("{'type':'Unknown','onBehalfOf':{'userId':'9067c3d2'}}"),
                null, false);
        assertThat(storeOnly).isEqualTo(new PrincipalRef("9067c3d2", List.of(), PrincipalType.USER));
        assertThatThrownBy(() -> AwsIdentity.principal(json("{'type':'Unknown'}"), null, false))
                .isInstanceOf(MappingException.class).hasMessageContaining("userIdentity.arn");
    }

    @Test
    void onlyAssumedRoleArnsParse() {
        assertThat(AwsIdentity.AssumedRole.parse("arn:aws:sts::111122223333:assumed-role/R/s/with/slash"))
                .isEqualTo(new AwsIdentity.AssumedRole("aws", "111122223333", "R", "s/with/slash"));
        assertThat(AwsIdentity.AssumedRole.parse("arn:aws:iam::111122223333:user/paula")).isNull();
        assertThat(AwsIdentity.AssumedRole.parse("arn:aws:sts::111122223333:assumed-role/R")).isNull();
        assertThat(AwsIdentity.AssumedRole.parse("not an arn")).isNull();
        assertThat(AwsIdentity.isEmail("paula@contoso.example")).isTrue();
        assertThat(AwsIdentity.isEmail("paula@localhost")).isFalse();
        assertThat(AwsIdentity.isEmail("botocore-session-1700000000")).isFalse();
    }
}
