package dev.mfawatch.model.signin;

/** INTERRUPTED is a step of a normal flow (MFA prompt, "keep me signed in"), not a user failure. */
public enum SignInResult { SUCCESS, FAILURE, INTERRUPTED }
