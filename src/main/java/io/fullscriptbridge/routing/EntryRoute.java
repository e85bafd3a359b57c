package io.fullscriptbridge.routing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an interface through which Java starts a flow: the bean of that type is a Camel proxy
 * ({@link EntryRouteProxies}) that sends each call to the named entry route of a route file. The route says where the
 * message goes (which queue, which steps); the interface says what the caller hands over. Parameters bind with
 * Camel's {@code @Body}, {@code @Header}, {@code @Headers} and {@code @ExchangeProperty}; a void method sends InOnly, a
 * method with a result waits for the route's answer. An exception of the route reaches the caller.
 * <p>
 * The value is the entry route's id in its route file, never an endpoint URI: the route's {@code from} says how it is
 * reached. RouteUrisInJavaTest checks that every such route exists.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
public @interface EntryRoute {

    /** The entry route's id in a route file (e.g. {@code ehr-ingress}). */
    String value();
}
