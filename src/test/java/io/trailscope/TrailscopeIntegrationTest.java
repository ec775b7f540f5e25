package io.trailscope;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ActiveProfiles;

/**
 * An integration test against the whole application on the embedded PostgreSQL of the
 * test JVM (one server, shared by every cached context), its pages reached through an
 * injected {@code MockMvc} with the security filters in place. Tests that need a real
 * port use {@link TrailscopeServerTest}; no test declares {@code @SpringBootTest} itself,
 * so that the contexts stay few and cached.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest
@AutoConfigureMockMvc
@ActiveProfiles("test")
public @interface TrailscopeIntegrationTest {

}
