package dev.mfawatch.detector.factors;

import dev.mfawatch.model.signin.MethodClass;
import java.util.Locale;

/**
 * The strength class of a factor as directory changes and inventories name it ("webauthn",
 * "token:software:totp", "sms", "Microsoft Authenticator"…), for telling a move from a
 * phishing-resistant method to OTP or SMS. Unknown names are {@link MethodClass#OTHER}.
 */
public final class FactorClasses {

    private FactorClasses() {
    }

    public static MethodClass of(String name) {
        if (name == null || name.isBlank()) {
            return MethodClass.OTHER;
        }
        String n = name.toLowerCase(Locale.ROOT);
        if (n.contains("fido") || n.contains("webauthn") || n.contains("passkey") || n.contains("hello")
                || n.contains("certificate") || n.contains("x509") || n.contains("security key") || n.contains("u2f")) {
            return MethodClass.PHISHING_RESISTANT;
        }
        if (n.contains("sms") || n.contains("voice") || n.contains("call") || n.contains("phone")) {
            return MethodClass.SMS_VOICE;
        }
        if (n.contains("otp") || n.contains("oath") || n.contains("totp") || n.contains("hotp") || n.contains("token")
                || n.contains("code")) {
            return MethodClass.OTP;
        }
        if (n.contains("push") || n.contains("authenticator") || n.contains("verify")) {
            return MethodClass.PUSH;
        }
        return MethodClass.OTHER;
    }

    static boolean weak(MethodClass c) {
        return c == MethodClass.OTP || c == MethodClass.SMS_VOICE;
    }
}
