package org.posnet.host.channel;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Answers finished from another thread (the journal's) run on their connection's loop, in order, each one. */
class ReplyOutboxTest {
    private final DefaultEventLoopGroup group = new DefaultEventLoopGroup(1);

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void finishesFromAnotherThread_runOnTheLoopInOrder_andAFailingOneDoesNotStrandTheRest() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        LocalAddress address = new LocalAddress("outbox-" + System.nanoTime());
        new ServerBootstrap().group(group).channel(LocalServerChannel.class).childHandler(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf b = (ByteBuf) msg;
                received.add(ByteBufUtil.hexDump(b));
                b.release();
            }
        }).bind(address).sync();
        CompletableFuture<ChannelHandlerContext> client = new CompletableFuture<>();
        new Bootstrap().group(group).channel(LocalChannel.class).handler(new ChannelInboundHandlerAdapter() {
            @Override
            public void handlerAdded(ChannelHandlerContext ctx) {
                client.complete(ctx);
            }
        }).connect(address).sync();
        ChannelHandlerContext ctx = client.get(5, TimeUnit.SECONDS);

        ReplyOutbox outbox = new ReplyOutbox();
        List<String> ran = new CopyOnWriteArrayList<>();
        outbox.finish(ctx, () -> {
            ran.add(ctx.executor().inEventLoop() ? "first on loop" : "first elsewhere");
            throw new IllegalStateException("one answer's bug");
        });
        outbox.finish(ctx, () -> ran.add(ctx.executor().inEventLoop() ? "second on loop" : "second elsewhere"));
        outbox.send(ctx, new byte[] {0x00, 0x02, 0x60, 0x00});

        assertThat(received.poll(5, TimeUnit.SECONDS)).isEqualTo("00026000");
        assertThat(ran).containsExactly("first on loop", "second on loop");

        // on the loop itself an answer finishes at once, not in a later task
        CompletableFuture<List<String>> inline = new CompletableFuture<>();
        ctx.executor().execute(() -> {
            List<String> order = new CopyOnWriteArrayList<>();
            outbox.finish(ctx, () -> order.add("finished"));
            order.add("after");
            inline.complete(order);
        });
        assertThat(inline.get(5, TimeUnit.SECONDS)).containsExactly("finished", "after");
    }
}
