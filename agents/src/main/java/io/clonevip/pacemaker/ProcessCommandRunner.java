package io.clonevip.pacemaker;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@link CommandRunner} that starts a child process; stdin is empty, outputs are drained. The
 * child inherits this process's environment, or for a Pacemaker tool ({@link #pacemakerTool()})
 * only {@link ChildEnvironment}'s part of it.
 */
final class ProcessCommandRunner implements CommandRunner {
    private final boolean childEnvironment;

    ProcessCommandRunner() {
        this(false);
    }

    private ProcessCommandRunner(boolean childEnvironment) {
        this.childEnvironment = childEnvironment;
    }

    /** Runs attrd_updater, crm_attribute, crm_node: they get {@link ChildEnvironment#of} this process's environment. */
    static ProcessCommandRunner pacemakerTool() {
        return new ProcessCommandRunner(true);
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(argv);
        if (childEnvironment) {
            ChildEnvironment.apply(builder);
        }
        Process process = builder
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(2, TimeUnit.SECONDS);
                throw new IOException(argv.getFirst() + " did not finish within " + timeout.toMillis() + " ms");
            }
            return new CommandResult(process.exitValue(), out.get(), err.get());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(argv.getFirst() + " interrupted", e);
        } catch (ExecutionException e) {
            throw new IOException("cannot read the output of " + argv.getFirst(), e.getCause());
        }
    }

    private static CompletableFuture<String> drain(InputStream stream) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (stream) {
                result.complete(new String(stream.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException | UncheckedIOException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}
