package io.kin.admin.ui.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.kin.admin.ui.api.ApiModel.AclRule;
import io.kin.admin.ui.api.ApiModel.AclRuleBody;
import io.kin.admin.ui.api.ApiModel.AutoSubscription;
import io.kin.admin.ui.api.ApiModel.AutoSubscriptionBody;
import io.kin.admin.ui.api.ApiModel.Bridge;
import io.kin.admin.ui.api.ApiModel.BridgeBody;
import io.kin.admin.ui.api.ApiModel.Client;
import io.kin.admin.ui.api.ApiModel.ClientDetail;
import io.kin.admin.ui.api.ApiModel.LoginBody;
import io.kin.admin.ui.api.ApiModel.LoginResult;
import io.kin.admin.ui.api.ApiModel.Me;
import io.kin.admin.ui.api.ApiModel.Node;
import io.kin.admin.ui.api.ApiModel.Page;
import io.kin.admin.ui.api.ApiModel.PasswordBody;
import io.kin.admin.ui.api.ApiModel.PublishBody;
import io.kin.admin.ui.api.ApiModel.PublishResult;
import io.kin.admin.ui.api.ApiModel.Retained;
import io.kin.admin.ui.api.ApiModel.Rule;
import io.kin.admin.ui.api.ApiModel.RuleBody;
import io.kin.admin.ui.api.ApiModel.RuleMetrics;
import io.kin.admin.ui.api.ApiModel.RuleTrial;
import io.kin.admin.ui.api.ApiModel.RuleTrialResult;
import io.kin.admin.ui.api.ApiModel.Session;
import io.kin.admin.ui.api.ApiModel.Stats;
import io.kin.admin.ui.api.ApiModel.Subscription;
import io.kin.admin.ui.api.ApiModel.User;
import io.kin.admin.ui.api.ApiModel.UserBody;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestResponse;

import java.util.List;

/**
 * The admin API as the console sees it: the console does nothing that is not one of these calls, so whatever it does
 * can be scripted. Every call carries the signed-in operator's bearer token ({@link BearerTokenHeaders}); error
 * responses (RFC 7807 problems) arrive as {@link ApiException}.
 */
@RegisterRestClient(configKey = "admin-api")
@RegisterClientHeaders(BearerTokenHeaders.class)
@RegisterProvider(ProblemResponseMapper.class)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public interface AdminApiClient {

    String IF_MATCH = "If-Match";

    // ---- sign-in -----------------------------------------------------------------------------------------------

    @POST
    @Path("/api/v1/auth/login")
    LoginResult login(LoginBody body);

    @POST
    @Path("/api/v1/auth/logout")
    void logout();

    @GET
    @Path("/api/v1/auth/me")
    Me me();

    // ---- cluster -----------------------------------------------------------------------------------------------

    @GET
    @Path("/api/v1/nodes")
    List<Node> nodes();

    @GET
    @Path("/api/v1/stats")
    Stats stats();

    @GET
    @Path("/api/v1/stats/history")
    ApiModel.StatsHistory statsHistory();

    // ---- live state --------------------------------------------------------------------------------------------

    @GET
    @Path("/api/v1/clients")
    Page<Client> clients(@QueryParam("clientId") String clientId, @QueryParam("username") String username,
                         @QueryParam("ip") String ip, @QueryParam("node") String node,
                         @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor);

    @GET
    @Path("/api/v1/clients/{clientId}")
    ClientDetail client(@PathParam("clientId") String clientId);

    @DELETE
    @Path("/api/v1/clients/{clientId}")
    void kick(@PathParam("clientId") String clientId);

    @GET
    @Path("/api/v1/sessions")
    Page<Session> sessions(@QueryParam("clientId") String clientId, @QueryParam("persistent") Boolean persistent,
                           @QueryParam("connected") Boolean connected, @QueryParam("node") String node,
                           @QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor);

    @DELETE
    @Path("/api/v1/sessions/{clientId}")
    void deleteSession(@PathParam("clientId") String clientId);

    @GET
    @Path("/api/v1/subscriptions")
    Page<Subscription> subscriptions(@QueryParam("clientId") String clientId, @QueryParam("filter") String filter,
                                     @QueryParam("node") String node, @QueryParam("limit") Integer limit,
                                     @QueryParam("cursor") String cursor);

    @GET
    @Path("/api/v1/retained")
    Page<Retained> retained(@QueryParam("filter") String filter, @QueryParam("limit") Integer limit,
                            @QueryParam("cursor") String cursor);

    @GET
    @Path("/api/v1/retained/message")
    Retained retainedMessage(@QueryParam("topic") String topic);

    @DELETE
    @Path("/api/v1/retained/message")
    void deleteRetained(@QueryParam("topic") String topic);

    @POST
    @Path("/api/v1/publish")
    PublishResult publish(PublishBody body);

    // ---- rules -------------------------------------------------------------------------------------------------

    /** A list, or a page ({items, total, nextCursor}) once the API pages rules: {@link Lists#items} reads both. */
    @GET
    @Path("/api/v1/rules")
    JsonNode rules(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor);

    @GET
    @Path("/api/v1/rules/{id}")
    RestResponse<Rule> rule(@PathParam("id") String id);

    @POST
    @Path("/api/v1/rules")
    Rule createRule(RuleBody body);

    @PUT
    @Path("/api/v1/rules/{id}")
    Rule replaceRule(@PathParam("id") String id, @HeaderParam(IF_MATCH) String ifMatch, RuleBody body);

    @POST
    @Path("/api/v1/rules/{id}/enable")
    Rule enableRule(@PathParam("id") String id, @HeaderParam(IF_MATCH) String ifMatch);

    @POST
    @Path("/api/v1/rules/{id}/disable")
    Rule disableRule(@PathParam("id") String id, @HeaderParam(IF_MATCH) String ifMatch);

    @DELETE
    @Path("/api/v1/rules/{id}")
    void deleteRule(@PathParam("id") String id, @HeaderParam(IF_MATCH) String ifMatch);

    @GET
    @Path("/api/v1/rules/{id}/metrics")
    RuleMetrics ruleMetrics(@PathParam("id") String id);

    @POST
    @Path("/api/v1/rules/test")
    RuleTrialResult testRule(RuleTrial trial);

    // ---- bridges -----------------------------------------------------------------------------------------------

    @GET
    @Path("/api/v1/bridges")
    JsonNode bridges(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor);

    @GET
    @Path("/api/v1/bridges/{name}")
    RestResponse<Bridge> bridge(@PathParam("name") String name);

    @POST
    @Path("/api/v1/bridges")
    Bridge createBridge(BridgeBody body);

    @PUT
    @Path("/api/v1/bridges/{name}")
    Bridge replaceBridge(@PathParam("name") String name, @HeaderParam(IF_MATCH) String ifMatch, BridgeBody body);

    @POST
    @Path("/api/v1/bridges/{name}/enable")
    Bridge enableBridge(@PathParam("name") String name, @HeaderParam(IF_MATCH) String ifMatch);

    @POST
    @Path("/api/v1/bridges/{name}/disable")
    Bridge disableBridge(@PathParam("name") String name, @HeaderParam(IF_MATCH) String ifMatch);

    @DELETE
    @Path("/api/v1/bridges/{name}")
    void deleteBridge(@PathParam("name") String name, @HeaderParam(IF_MATCH) String ifMatch);

    @GET
    @Path("/api/v1/bridges/{name}/status")
    ApiModel.BridgeStatus bridgeStatus(@PathParam("name") String name);

    @POST
    @Path("/api/v1/bridges/test")
    ApiModel.BridgeTestResult testBridge(BridgeBody body);

    // ---- provisioning ------------------------------------------------------------------------------------------

    @GET
    @Path("/api/v1/auto-subscriptions")
    Page<AutoSubscription> autoSubscriptions(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor);

    @POST
    @Path("/api/v1/auto-subscriptions")
    AutoSubscription createAutoSubscription(AutoSubscriptionBody body);

    @DELETE
    @Path("/api/v1/auto-subscriptions/{id}")
    void deleteAutoSubscription(@PathParam("id") long id, @HeaderParam(IF_MATCH) String ifMatch);

    // ---- console access: admin users and API keys (admin role only) -------------------------------------------

    @GET
    @Path("/api/v1/admin-users")
    Page<ApiModel.AdminUser> adminUsers(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor);

    @POST
    @Path("/api/v1/admin-users")
    ApiModel.AdminUser createAdminUser(ApiModel.AdminUserBody body);

    @jakarta.ws.rs.PATCH
    @Path("/api/v1/admin-users/{username}")
    ApiModel.AdminUser changeAdminUser(@PathParam("username") String username, ApiModel.AdminUserChange body);

    @DELETE
    @Path("/api/v1/admin-users/{username}")
    void deleteAdminUser(@PathParam("username") String username);

    @GET
    @Path("/api/v1/api-keys")
    Page<ApiModel.ApiKey> apiKeys(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor);

    @POST
    @Path("/api/v1/api-keys")
    ApiModel.ApiKey createApiKey(ApiModel.ApiKeyBody body);

    @DELETE
    @Path("/api/v1/api-keys/{id}")
    void deleteApiKey(@PathParam("id") String id);

    @GET
    @Path("/api/v1/users")
    Page<User> users(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor);

    @POST
    @Path("/api/v1/users")
    User createUser(UserBody body);

    @PUT
    @Path("/api/v1/users/{username}/password")
    User setPassword(@PathParam("username") String username, PasswordBody body);

    @DELETE
    @Path("/api/v1/users/{username}")
    void deleteUser(@PathParam("username") String username, @HeaderParam(IF_MATCH) String ifMatch);

    @GET
    @Path("/api/v1/acl")
    Page<AclRule> acl(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor);

    @POST
    @Path("/api/v1/acl")
    AclRule createAclRule(AclRuleBody body);

    @DELETE
    @Path("/api/v1/acl/{id}")
    void deleteAclRule(@PathParam("id") long id, @HeaderParam(IF_MATCH) String ifMatch);
}
