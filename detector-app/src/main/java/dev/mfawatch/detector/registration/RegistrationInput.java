package dev.mfawatch.detector.registration;

import dev.mfawatch.model.directory.DirectoryChange;
import dev.mfawatch.model.register.Principal;
import dev.mfawatch.model.signin.SignInEvent;

/** What the registration step takes, keyed by principal id: an inventory version, a factor change, a sign-in. */
sealed interface RegistrationInput {

    /** A version of the principal from {@code directory.principals}; null is a tombstone. */
    record Version(Principal principal) implements RegistrationInput {
    }

    record Change(DirectoryChange change) implements RegistrationInput {
    }

    record SignIn(SignInEvent event) implements RegistrationInput {
    }
}
