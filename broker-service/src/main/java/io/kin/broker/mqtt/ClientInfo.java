package io.kin.broker.mqtt;

/**
 * What a client told us in CONNECT (and what we settled on in CONNACK), fixed for the life of the connection.
 *
 * @param receiveMaximum     the client's Receive Maximum: our in-flight window towards it
 * @param maximumPacketSize  the largest packet the client accepts (Integer.MAX_VALUE when unlimited)
 * @param topicAliasMaximum  topic aliases we may use towards the client
 */
public record ClientInfo(String clientId, String username, int protocolVersion, boolean cleanStart,
                         int keepAliveSeconds, int receiveMaximum, int maximumPacketSize, int topicAliasMaximum,
                         boolean requestProblemInformation, boolean requestResponseInformation,
                         boolean assignedClientId, long connectedAt) {

    public boolean isV5() {
        return protocolVersion == 5;
    }
}
