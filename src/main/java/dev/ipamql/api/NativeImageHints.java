package dev.ipamql.api;

import dev.ipamql.service.error.AlreadyAllocatedException;
import dev.ipamql.service.error.AlreadyExistsException;
import dev.ipamql.service.error.ConflictException;
import dev.ipamql.service.error.HasChildrenException;
import dev.ipamql.service.error.HasIpsException;
import dev.ipamql.service.error.InternalException;
import dev.ipamql.service.error.InvalidArgumentException;
import dev.ipamql.service.error.NamespaceNotEmptyException;
import dev.ipamql.service.error.NoIpAvailableException;
import dev.ipamql.service.error.NoPrefixAvailableException;
import dev.ipamql.service.error.NotFoundException;
import dev.ipamql.service.error.OverlapException;
import dev.ipamql.service.error.UnavailableException;
import dev.ipamql.service.error.UnauthenticatedException;
import dev.ipamql.service.error.ForbiddenException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Classes read reflectively at run time, kept in a native image: the custom scalars (constructed from
 * their text) and the errors (whose {@code @ErrorCode} annotation becomes {@code extensions.code}).
 */
@RegisterForReflection(targets = {
        CidrScalar.class, IPAddressScalar.class,
        InvalidArgumentException.class, NotFoundException.class, AlreadyExistsException.class, OverlapException.class,
        NoIpAvailableException.class, NoPrefixAvailableException.class, AlreadyAllocatedException.class,
        HasIpsException.class, HasChildrenException.class, NamespaceNotEmptyException.class, ConflictException.class,
        InternalException.class, UnavailableException.class, UnauthenticatedException.class,
        ForbiddenException.class})
public final class NativeImageHints {

    private NativeImageHints() {
    }
}
