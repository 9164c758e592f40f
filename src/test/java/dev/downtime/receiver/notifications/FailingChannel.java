package dev.downtime.receiver.notifications;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A spool segment's channel that fails on cue as a full or failing disk does: a write that puts
 * half of its bytes in the file and then throws, an fsync that throws, a truncate that throws.
 */
final class FailingChannel extends FileChannel {

    /** Faults still to happen, shared by every channel an opener makes. */
    static final class Faults {
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger forces = new AtomicInteger();
        final AtomicInteger truncates = new AtomicInteger();

        NotificationSpool.SegmentOpener opener() {
            return segment -> new FailingChannel(
                    FileChannel.open(segment, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), this);
        }

        static boolean take(AtomicInteger faults) {
            return faults.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        }
    }

    private final FileChannel delegate;
    private final Faults faults;

    private FailingChannel(FileChannel delegate, Faults faults) {
        this.delegate = delegate;
        this.faults = faults;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        if (Faults.take(faults.writes)) {
            // Half of it reaches the file, cutting a line (and maybe a character) in two.
            ByteBuffer half = src.slice(src.position(), Math.max(1, src.remaining() / 2));
            int written = delegate.write(half, position);
            src.position(src.position() + written);
            throw new IOException("No space left on device");
        }
        return delegate.write(src, position);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        if (Faults.take(faults.writes)) {
            ByteBuffer half = src.slice(src.position(), Math.max(1, src.remaining() / 2));
            int written = delegate.write(half);
            src.position(src.position() + written);
            throw new IOException("No space left on device");
        }
        return delegate.write(src);
    }

    @Override
    public void force(boolean metaData) throws IOException {
        if (Faults.take(faults.forces)) {
            throw new IOException("Input/output error");
        }
        delegate.force(metaData);
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        if (Faults.take(faults.truncates)) {
            throw new IOException("Input/output error");
        }
        delegate.truncate(size);
        return this;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        return delegate.read(dst);
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        return delegate.read(dsts, offset, length);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        throw new UnsupportedOperationException("the spool writes one buffer at a time");
    }

    @Override
    public long position() throws IOException {
        return delegate.position();
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        delegate.position(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        return delegate.size();
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return delegate.transferTo(position, count, target);
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        throw new UnsupportedOperationException("the spool writes one buffer at a time");
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        return delegate.read(dst, position);
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        throw new UnsupportedOperationException("the spool maps nothing");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        return delegate.lock(position, size, shared);
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        return delegate.tryLock(position, size, shared);
    }

    @Override
    protected void implCloseChannel() throws IOException {
        delegate.close();
    }
}
