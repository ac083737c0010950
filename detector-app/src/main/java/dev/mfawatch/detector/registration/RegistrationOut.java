package dev.mfawatch.detector.registration;

import dev.mfawatch.model.alert.Alert;
import dev.mfawatch.model.alert.Notice;

/** One output of the registration step: an alert for {@code mfa.alerts} or a notice for {@code mfa.register.notices}. */
record RegistrationOut(Alert alert, Notice notice) {
}
