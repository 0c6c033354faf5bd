import Hummingbird

/// One resource's routes (a controller under `Controllers/`), written once against
/// `RouterMethods` so they can go on a `RouteCollection` that `buildRouter` adds with
/// `router.addRoutes(_:)`, as in the Hummingbird template.
protocol RouteController {
    /// Registers this controller's routes on `router` (a `Router` or a `RouteCollection`).
    func add(to router: some RouterMethods<AppRequestContext>)
}

extension RouteController {
    /// This controller's routes as a `RouteCollection`.
    var routes: RouteCollection<AppRequestContext> {
        let routes = RouteCollection(context: AppRequestContext.self)
        add(to: routes)
        return routes
    }
}
