package dev.mfawatch.normalize.cloudtrail;

import static dev.mfawatch.normalize.Fields.firstText;
import static dev.mfawatch.normalize.Fields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mfawatch.model.signin.PrincipalRef;
import dev.mfawatch.model.signin.PrincipalType;
import dev.mfawatch.normalize.MappingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Who a CloudTrail {@code userIdentity} is, as one principal id across providers:
 * <ul>
 *   <li>Root: the account's root ARN {@code arn:aws:iam::ACCOUNT:root}.</li>
 *   <li>IAM user: the user ARN (built from account and user name when a failed login leaves it out);
 *       the IAM unique id ({@code AIDA…}) is an alias. A user name alone is not: it is unique per
 *       account only, and the ARN already is "account + user name".</li>
 *   <li>Assumed role of IAM Identity Center ({@code AWSReservedSSO_*}) or of a SAML login, whose
 *       session name is an e-mail address / UPN: that address, so that the person is the same
 *       principal as at Entra, Okta and Google; the assumed-role ARN, the role ARN and the
 *       {@code AROA…:session} id are aliases.</li>
 *   <li>Any other assumed role: the assumed-role ARN, with the role ARN and principal id as aliases.</li>
 *   <li>Identity Center's own sign-in events ({@code type} Unknown): the user name, else the
 *       identity store user id ({@code onBehalfOf.userId}).</li>
 * </ul>
 */
final class AwsIdentity {

    /** local@domain.tld: what Identity Center and SAML IdPs put in the session name for a person. */
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s/]+@[^@\\s/]+\\.[^@\\s/]+$");

    private AwsIdentity() {
    }

    static boolean isEmail(String s) {
        return s != null && EMAIL.matcher(s).matches();
    }

    /** The account of the event: the identity's, else the recipient account. */
    static String account(JsonNode identity, JsonNode event) {
        return firstText(text(identity, "accountId"), text(event, "recipientAccountId"));
    }

    /** True when the ARN names an IAM Identity Center permission-set role. */
    static boolean identityCenterRole(String arn) {
        AssumedRole role = AssumedRole.parse(arn);
        return role != null && role.role().startsWith("AWSReservedSSO_");
    }

    static PrincipalRef principal(JsonNode identity, String account, boolean saml) {
        String type = text(identity, "type");
        String arn = text(identity, "arn");
        String userName = text(identity, "userName");
        String principalId = text(identity, "principalId");
        if (arn == null && "Root".equalsIgnoreCase(type) && account != null) {
            arn = "arn:aws:iam::" + account + ":root";
        }
        if (arn == null && "IAMUser".equalsIgnoreCase(type) && account != null && userName != null) {
            arn = "arn:aws:iam::" + account + ":user/" + userName;
        }
        List<String> aliases = new ArrayList<>();
        AssumedRole role = AssumedRole.parse(arn);
        String id;
        if (role != null) {
            String roleArn = firstText(text(identity, "sessionContext", "sessionIssuer", "arn"), role.roleArn());
            if ((saml || role.role().startsWith("AWSReservedSSO_")) && isEmail(role.session())) {
                id = role.session();
                aliases.add(arn);
            } else {
                id = arn;
            }
            aliases.add(roleArn);
            aliases.add(principalId);
        } else if (arn != null) {
            id = arn;
            aliases.add(principalId);
        } else {
            // Identity Center sign-in events: no ARN, the user name and the identity store id.
            String storeUser = text(identity, "onBehalfOf", "userId");
            id = firstText(userName, storeUser, principalId);
            aliases.add(storeUser);
        }
        if (id == null) {
            throw MappingException.missing("userIdentity.arn");
        }
        String lowerId = id.toLowerCase(Locale.ROOT);
        aliases.removeIf(a -> a == null || a.toLowerCase(Locale.ROOT).equals(lowerId));
        return new PrincipalRef(id, aliases, PrincipalType.USER);
    }

    /** {@code arn:PARTITION:sts::ACCOUNT:assumed-role/ROLE/SESSION}, parsed. */
    record AssumedRole(String partition, String account, String role, String session) {

        static AssumedRole parse(String arn) {
            if (arn == null) {
                return null;
            }
            String[] parts = arn.split(":", 6);
            if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("sts")
                    || !parts[5].startsWith("assumed-role/")) {
                return null;
            }
            String[] resource = parts[5].split("/", 3);
            if (resource.length != 3 || resource[1].isEmpty() || resource[2].isEmpty()) {
                return null;
            }
            return new AssumedRole(parts[1], parts[4], resource[1], resource[2]);
        }

        /** The role's ARN without its path (CloudTrail's sessionIssuer.arn has the path when present). */
        String roleArn() {
            return "arn:" + partition + ":iam::" + account + ":role/" + role;
        }
    }
}
