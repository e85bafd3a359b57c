package io.fullscriptbridge.launch;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.HtmlUtils;

/** The plain pages a launch answers a browser with: a title and one escaped sentence, never PHI or tokens. */
final class LaunchPages {

    private LaunchPages() {
    }

    static ResponseEntity<String> page(HttpStatus status, String title, String message) {
        String t = HtmlUtils.htmlEscape(title);
        return ResponseEntity.status(status).contentType(MediaType.TEXT_HTML)
                .header("Cache-Control", "no-store")
                .body("<!doctype html><html><head><meta charset=\"utf-8\"><title>" + t + "</title></head><body><h1>" + t + "</h1>"
                        + "<p>" + HtmlUtils.htmlEscape(message) + "</p></body></html>");
    }
}
