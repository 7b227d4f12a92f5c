package dev.ipamql.api;

import graphql.ErrorType;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.InvalidSyntaxError;
import graphql.execution.instrumentation.Instrumentation;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Gives the engine's request errors (a request refused before anything ran: syntax, variables it could
 * not coerce, the operation to run) the contract's {@code INVALID_ARGUMENT} code and a message that
 * names no Java class.
 */
final class RequestErrors implements Instrumentation {

    static final String INVALID_ARGUMENT = "INVALID_ARGUMENT";

    /** An error refusing the request, with the code of a bad argument (classified so, not as a data fetch). */
    static GraphQLError invalid(String message) {
        return GraphqlErrorBuilder.newError().message(message).errorType(ErrorType.ValidationError)
                .extensions(Map.of("code", INVALID_ARGUMENT)).build();
    }

    @Override
    public CompletableFuture<ExecutionResult> instrumentExecutionResult(ExecutionResult result,
            InstrumentationExecutionParameters parameters, InstrumentationState state) {
        if (result.isDataPresent() || result.getErrors().stream().allMatch(RequestErrors::coded)) {
            return CompletableFuture.completedFuture(result); // errors of fields are coded by SmallRye
        }
        List<GraphQLError> errors = result.getErrors().stream().map(e -> coded(e) ? e : invalid(shown(e))).toList();
        return CompletableFuture.completedFuture(result.transform(answer -> answer.errors(errors)));
    }

    private static boolean coded(GraphQLError error) {
        return error.getExtensions() != null && error.getExtensions().get("code") != null;
    }

    private static String shown(GraphQLError error) {
        String message = error.getMessage();
        if (error instanceof InvalidSyntaxError) {
            return "the query is not valid GraphQL: " + message;
        }
        // engine messages may name Java classes: keep only what names the GraphQL side
        return message == null || message.matches("(?s).*(class |dev\\.ipamql|java\\.|SRGQL|Value\\{).*")
                ? "the variables do not match the types the query declares" : message;
    }
}
