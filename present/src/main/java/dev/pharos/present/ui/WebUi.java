package dev.pharos.present.ui;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.file.FileService;

/**
 * The web UI at {@code /ui/}: static files packaged in the jar (plain ES modules, no build step,
 * nothing fetched from any other host, so it works air-gapped). {@code /} redirects to it.
 * FileService resolves paths inside its root only, so {@code ../} cannot leave it.
 */
public final class WebUi {

    private static final String ROOT = "dev/pharos/present/ui";

    private WebUi() {}

    public static void register(ServerBuilder sb) {
        sb.serviceUnder("/ui/", FileService.builder(WebUi.class.getClassLoader(), ROOT)
                .cacheControl("no-cache")
                .build());
        sb.service("/", (ctx, req) -> HttpResponse.ofRedirect("/ui/"));
        sb.service("/ui", (ctx, req) -> HttpResponse.ofRedirect("/ui/"));
    }
}
