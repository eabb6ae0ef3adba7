package io.kin.admin.api;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * Requests as the admin API key the test profile configures ({@code %test.kin.admin.api-key}): the resource tests
 * are about their resources; access itself is proven in {@code io.kin.admin.api.auth}.
 */
public final class AsAdmin {

    public static final String API_KEY = "test-admin-key-0123456789abcdef";

    private AsAdmin() {
    }

    public static RequestSpecification given() {
        return RestAssured.given().header("Authorization", "Bearer " + API_KEY);
    }
}
