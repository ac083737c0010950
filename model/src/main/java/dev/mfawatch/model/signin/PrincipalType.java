package dev.mfawatch.model.signin;

public enum PrincipalType { USER, SERVICE, WORKLOAD }
