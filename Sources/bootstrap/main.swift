import CustomResourceRuntime
import Handlers

// mapu's Lambda bootstrap: the custom-resource runtime with mapu's handlers.
CustomResourceRuntime.main(handlers: HandlerRegistry.self)
