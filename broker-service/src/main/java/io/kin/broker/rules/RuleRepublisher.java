package io.kin.broker.rules;

import io.kin.broker.message.Message;
import io.kin.broker.message.MessageIds;
import io.kin.broker.message.MessageProperties;
import io.kin.broker.routing.MessageDispatcher;
import io.kin.broker.routing.TopicNames;
import io.kin.rules.action.RenderedAction;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** The republish action: a rule's row published on this broker like any message (retained, routed, to rules). */
@ApplicationScoped
public class RuleRepublisher {

    private static final Logger LOG = Logger.getLogger(RuleRepublisher.class);

    private final MessageDispatcher dispatcher;

    RuleRepublisher(MessageDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** @return null when published, else why not (an invalid topic) */
    String republish(RenderedAction.Republish action) {
        String topic = action.topic();
        if (!TopicNames.isValidTopicName(topic) || topic.startsWith("$")) {
            return "republish topic '" + topic + "' is not a valid topic name";
        }
        Message message = new Message(MessageIds.next(), topic, action.payload(), action.qos(), action.retain(),
                MessageProperties.NONE, null, null, System.currentTimeMillis(), 0);
        dispatcher.publish(message).onFailure(e ->
                LOG.debugf("republish to %s was not stored: %s", topic, e.toString()));
        return null;
    }
}
