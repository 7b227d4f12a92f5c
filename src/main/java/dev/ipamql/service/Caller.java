package dev.ipamql.service;

import java.util.Set;

/** Who sends a request: a subject, its roles and the namespaces its token names ({@code *} for all). */
public record Caller(String subject, Set<String> roles, Set<String> namespaces) {

    public static final String READER = "ipam-reader";
    public static final String WRITER = "ipam-writer";
    public static final String ADMIN = "ipam-admin";

    /** Everyone, with every right: the explicitly configured open mode. */
    public static final Caller OPEN = new Caller("anonymous", Set.of(ADMIN), Set.of("*"));

    public boolean isAdmin() {
        return roles.contains(ADMIN);
    }

    public boolean isWriter() {
        return isAdmin() || roles.contains(WRITER);
    }

    public boolean isReader() {
        return isWriter() || roles.contains(READER);
    }

    public boolean covers(String namespace) {
        return namespaces.contains("*") || namespaces.contains(namespace);
    }
}
