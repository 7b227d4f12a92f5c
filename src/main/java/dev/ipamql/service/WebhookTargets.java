package dev.ipamql.service;

import dev.ipamql.address.Address;
import dev.ipamql.address.Cidr;
import dev.ipamql.address.InvalidAddressException;
import dev.ipamql.address.NonPublicRanges;
import dev.ipamql.service.error.InvalidArgumentException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a webhook may send: an http or https URL without credentials or fragment whose host resolves only to
 * public addresses (or to ranges allowed by configuration). Checked at creation and again before every attempt,
 * which then connects to the address checked, so a name that changes its answer cannot redirect the attempt.
 */
@ApplicationScoped
public class WebhookTargets {

    static final int MAX_URL_LENGTH = 2048;

    /** A checked URL: where to connect and what to ask for there. */
    public record Target(String host, int port, boolean tls, String pathAndQuery, InetAddress address) {
    }

    private final Vertx vertx;
    private final List<Cidr> allowed;

    public WebhookTargets(Vertx vertx, WebhookConfig config) {
        this.vertx = vertx;
        this.allowed = config.allowedTargets().orElse(List.of()).stream().map(text -> {
            try {
                return Cidr.parse(text.trim());
            } catch (InvalidAddressException e) {
                throw new IllegalStateException("ipamql.webhooks.allowed-targets: " + e.getMessage());
            }
        }).toList();
    }

    /** The URL's parts, checked without any lookup; INVALID_ARGUMENT names what is wrong. */
    public static URI parse(String url) {
        if (url == null || url.isEmpty()) {
            throw invalid("url is empty");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw invalid("url is " + url.length() + " characters long; at most " + MAX_URL_LENGTH + " are allowed");
        }
        Arguments.storable("url", url);
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("url " + Arguments.shown(url) + " is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw invalid("url " + Arguments.shown(url) + ": only http and https URLs are allowed");
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid("url must not contain credentials (user:password@); the signature authenticates deliveries");
        }
        if (uri.getRawFragment() != null) {
            throw invalid("url must not contain a fragment (#...)");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid("url " + Arguments.shown(url) + " names no valid host");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw invalid("url " + Arguments.shown(url) + " names port " + uri.getPort());
        }
        return uri;
    }

    /** The URL resolved and checked; INVALID_ARGUMENT when it may not be reached. */
    public Uni<Target> resolve(String url) {
        return Uni.createFrom().deferred(() -> {
            URI uri = parse(url);
            String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                    : uri.getHost();
            return vertx.executeBlocking(Uni.createFrom().item(() -> lookup(host)), false).map(addresses -> {
                InetAddress address = reachable(host, addresses);
                boolean tls = "https".equalsIgnoreCase(uri.getScheme());
                int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
                String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
                return new Target(host, port, tls, uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery(),
                        address);
            });
        });
    }

    private static InetAddress[] lookup(String host) {
        try {
            return InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw invalid("url: host " + Arguments.shown(host) + " does not resolve");
        }
    }

    /** The first address, when every one is public or allowed. */
    private InetAddress reachable(String host, InetAddress[] addresses) {
        for (InetAddress address : addresses) {
            Optional<String> kind = NonPublicRanges.kindOf(address.getAddress());
            if (kind.isPresent() && !allowed(address)) {
                throw invalid("url: host " + Arguments.shown(host) + " resolves to " + kind.get() + " address "
                        + NonPublicRanges.of(address.getAddress()).text() + ", which webhooks may not reach "
                        + "(see ipamql.webhooks.allowed-targets)");
            }
        }
        return addresses[0];
    }

    private boolean allowed(InetAddress address) {
        Address parsed = NonPublicRanges.of(address.getAddress());
        return allowed.stream().anyMatch(cidr -> cidr.contains(parsed));
    }

    private static InvalidArgumentException invalid(String message) {
        return new InvalidArgumentException(message);
    }
}
