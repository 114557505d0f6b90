package org.slipway.example.greeter.web.internal;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slipway.example.greeter.api.Greeter;
import org.slipway.example.greeter.api.Greeting;

/**
 * {@code GET /greet?name=Ada} answers, in plain text, the greeting, the count and the release that
 * answered; release 1.1.0 adds the total of all greetings. Registered with the OSGi HTTP Whiteboard.
 */
@Component(service = Servlet.class, property = {
        "osgi.http.whiteboard.servlet.pattern=/greet",
        "osgi.http.whiteboard.servlet.name=greeter" })
public final class GreetServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Reference
    private transient Greeter greeter;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("text/plain;charset=UTF-8");
        String name = request.getParameter("name");
        if (name == null || name.isBlank()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.getWriter().println("Missing query parameter \"name\", as in /greet?name=Ada");
            return;
        }
        Greeting greeting = greeter.greet(name);
        long total = greeter.total();
        response.getWriter().println(greeting.text() + " Greeted " + greeting.count()
                + (greeting.count() == 1 ? " time." : " times.")
                + " " + total + (total == 1 ? " greeting" : " greetings") + " in all."
                + " [greeter " + greeting.release() + "]");
    }
}
