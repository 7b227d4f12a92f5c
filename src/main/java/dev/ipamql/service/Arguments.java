package dev.ipamql.service;

import dev.ipamql.address.Address;
import dev.ipamql.address.Cidr;
import dev.ipamql.address.InvalidAddressException;
import dev.ipamql.metadata.Claim;
import dev.ipamql.metadata.InvalidMetadataException;
import dev.ipamql.metadata.Label;
import dev.ipamql.metadata.Labels;
import dev.ipamql.metadata.Selector;
import dev.ipamql.service.error.InvalidArgumentException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** Validation of every argument, done before any lookup so that bad input is always INVALID_ARGUMENT. */
@ApplicationScoped
public class Arguments {

    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final IpamConfig config;

    public Arguments(IpamConfig config) {
        this.config = config;
    }

    public String namespace(String name) {
        return name("namespace", name);
    }

    /** A pool's name, which follows the namespace-name rule. */
    public String pool(String name) {
        return name("pool", name);
    }

    /** A name by the namespace-name rule, {@code what} naming its kind in the refusal. */
    static String name(String what, String name) {
        if (name == null || !NAMESPACE.matcher(name).matches()) {
            throw new InvalidArgumentException("invalid " + what + " name " + shown(name)
                    + ": use 1-63 characters of a-z, 0-9 and '-', starting with a letter or digit");
        }
        return name;
    }

    /**
     * Where an allocation draws from: {@code place} (a prefix or parent CIDR, named {@code argument}) or a pool,
     * exactly one of them; the other is null.
     */
    public record Source(Cidr cidr, String pool) {
        /** The source in a requestId's fingerprint. */
        public String fingerprint() {
            return cidr != null ? cidr.text() : "pool " + pool;
        }
    }

    public Source source(String argument, String placeText, String poolText) {
        Cidr cidr = placeText == null ? null : cidr(argument, placeText);
        String pool = poolText == null ? null : pool(poolText);
        if ((cidr == null) == (pool == null)) {
            throw new InvalidArgumentException("give exactly one of " + argument + " and pool, not "
                    + (cidr == null ? "neither" : "both"));
        }
        return new Source(cidr, pool);
    }

    /** The length of children taken from a pool's members, whose own lengths are known only later. */
    public int poolChildLength(int length) {
        if (length < 1 || length > 128) {
            throw new InvalidArgumentException("length " + length + " is out of range: it must be from 1 to 128");
        }
        return length;
    }

    public Cidr cidr(String argument, String text) {
        try {
            return Cidr.parse(text);
        } catch (InvalidAddressException e) {
            throw new InvalidArgumentException(argument + ": " + e.getMessage());
        }
    }

    public Address address(String argument, String text) {
        try {
            return Address.parse(text);
        } catch (InvalidAddressException e) {
            throw new InvalidArgumentException(argument + ": " + e.getMessage());
        }
    }

    /** An address that must lie in {@code prefix}: same family, inside its range. */
    public Address addressIn(String argument, String text, Cidr prefix) {
        Address address = address(argument, text);
        if (address.family() != prefix.family()) {
            throw new InvalidArgumentException(argument + ": " + address.text() + " is an " + address.family()
                    + " address but prefix " + prefix.text() + " is " + prefix.family());
        }
        if (!prefix.contains(address)) {
            throw new InvalidArgumentException(argument + ": " + address.text() + " is not in prefix " + prefix.text());
        }
        return address;
    }

    /** Text the database can store: no NUL character, no unpaired UTF-16 surrogate. */
    public static String storable(String argument, String text) {
        if (text != null) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                if (c == 0 || Character.isSurrogate(c) && !paired) {
                    throw new InvalidArgumentException(argument + ": contains a character that is not valid text "
                            + "(NUL or a lone UTF-16 surrogate) at position " + i);
                }
                if (paired) {
                    i++;
                }
            }
        }
        return text;
    }

    public String description(String description) {
        storable("description", description);
        if (description != null && description.length() > config.maxDescriptionLength()) {
            throw new InvalidArgumentException("description is " + description.length()
                    + " characters long; at most " + config.maxDescriptionLength() + " are allowed");
        }
        return description;
    }

    public int first(Integer first) {
        int value = first == null ? 100 : first;
        if (value < 0 || value > config.maxPageSize()) {
            throw new InvalidArgumentException("first must be between 0 and " + config.maxPageSize() + ", not " + value);
        }
        return value;
    }

    /** A count of 1 to ipamql.max-bulk-count {@code things}. */
    public int bulkCount(String argument, int count, String things) {
        if (count < 1 || count > config.maxBulkCount()) {
            throw new InvalidArgumentException(argument + " must hold 1 to " + config.maxBulkCount() + " " + things
                    + ", not " + count);
        }
        return count;
    }

    public int childLength(int length, Cidr parent) {
        int max = parent.family().bits();
        if (length <= parent.length() || length > max) {
            throw new InvalidArgumentException("length " + length + " is out of range for " + parent.text()
                    + ": it must be from " + (parent.length() + 1) + " to " + max);
        }
        return length;
    }

    /** A child CIDR that lies inside {@code parent} and is longer than it. */
    public Cidr childCidr(String text, Cidr parent) {
        Cidr child = cidr("cidr", text);
        if (child.family() != parent.family() || !parent.contains(child) || child.length() <= parent.length()) {
            throw new InvalidArgumentException("cidr: " + child.text() + " is not a prefix inside " + parent.text()
                    + " longer than /" + parent.length());
        }
        return child;
    }

    /** The labels given in one argument, each checked; null when the argument is not given. */
    public Labels labels(String argument, List<? extends Map.Entry<String, String>> given) {
        return given == null ? null : metadata(() -> Labels.of(argument,
                given.stream().map(label -> new Label(label.getKey(), label.getValue())).toList()));
    }

    /** The claim, or null when not given. */
    public Claim claim(String text) {
        return metadata(() -> Claim.ofNullable(text));
    }

    /** A claim that must be given. */
    public Claim requiredClaim(String text) {
        return metadata(() -> new Claim(text));
    }

    /** The selector, or null when not given. */
    public Selector selector(String text) {
        return text == null ? null : metadata(() -> Selector.parse(text));
    }

    /** A metadata value; its refusal is INVALID_ARGUMENT with the parser's message. */
    static <T> T metadata(Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidMetadataException e) {
            throw new InvalidArgumentException(e.getMessage());
        }
    }

    static String shown(String text) {
        if (text == null) {
            return "(null)";
        }
        return "'" + (text.length() > 70 ? text.substring(0, 70) + "..." : text) + "'";
    }
}
