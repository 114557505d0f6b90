package org.slipway.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;

import org.junit.Test;

public class HttpHeadTest {

    @Test
    public void aHeadGivesMethodDecodedPathRawQueryAndHeadersByAnyCase() throws Exception {
        HttpHead head = read("POST /up%67rade?feature=greeter&version=1.1.0 HTTP/1.0\r\nAuthorization: Bearer x\r\n"
                + "Accept: text/plain\r\nAccept: application/json\r\n\r\n{\"a\":1}");
        assertEquals("POST", head.method());
        assertEquals("/upgrade", head.path());
        assertEquals("feature=greeter&version=1.1.0", head.rawQuery());
        assertEquals("Bearer x", head.header("authorization"));
        assertEquals("the first of a repeated header", "text/plain", head.header("ACCEPT"));
        assertNull(head.header("Content-Length"));
    }

    @Test
    public void bareLineFeedsAreAccepted() throws Exception {
        assertEquals("/releases", read("GET /releases HTTP/1.1\nHost: x\n\n").path());
    }

    @Test
    public void aMalformedRequestLineIsA400ThatQuotesIt() {
        HttpFailure failure = assertThrows(HttpFailure.class, () -> read("HELLO\r\n\r\n"));
        assertEquals(400, failure.status());
        assertTrue(failure.getMessage(), failure.getMessage().contains("\"HELLO\""));
        assertEquals(400, assertThrows(HttpFailure.class, () -> read("GET /x HTTP/1.1\r\nno colon\r\n\r\n")).status());
        assertEquals(400, assertThrows(HttpFailure.class, () -> read("GET x HTTP/1.1\r\n\r\n")).status());
    }

    @Test
    public void aHeadLongerThanTheLimitIsA431() {
        HttpFailure failure = assertThrows(HttpFailure.class,
                () -> HttpHead.read(stream("GET /releases HTTP/1.1\r\nX: " + "y".repeat(200) + "\r\n\r\n"), 100));
        assertEquals(431, failure.status());
        assertTrue(failure.getMessage(), failure.getMessage().contains("100 bytes"));
    }

    @Test
    public void aConnectionThatEndsWithinTheHeadIsNoRequest() {
        assertThrows(EOFException.class, () -> read("GET /releases HTTP/1.1\r\nHost"));
    }

    @Test
    public void aBodyIsReadByItsContentLengthWithinTheLimit() throws Exception {
        ByteArrayInputStream in = stream("POST /deploy HTTP/1.1\r\nContent-Length: 7\r\n\r\n{\"a\":1}");
        HttpHead head = HttpHead.read(in, 1000);
        assertEquals("{\"a\":1}", HttpExchange.readBody(head, in, 64));
        HttpHead large = read("POST /deploy HTTP/1.1\r\nContent-Length: 65\r\n\r\n");
        assertEquals(413, assertThrows(HttpFailure.class, () -> HttpExchange.readBody(large, in, 64)).status());
        HttpHead chunked = read("POST /deploy HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n");
        assertEquals(411, assertThrows(HttpFailure.class, () -> HttpExchange.readBody(chunked, in, 64)).status());
        HttpHead bad = read("POST /deploy HTTP/1.1\r\nContent-Length: seven\r\n\r\n");
        HttpFailure failure = assertThrows(HttpFailure.class, () -> HttpExchange.readBody(bad, in, 64));
        assertTrue(failure.getMessage(), failure.getMessage().contains("\"seven\""));
    }

    private static HttpHead read(String text) throws Exception {
        return HttpHead.read(stream(text), 16 * 1024);
    }

    private static ByteArrayInputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
