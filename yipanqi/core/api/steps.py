"""One view for every workflow step of the API: `POST …/{id}/<step>/` → one action → the object.

An app declares a base for one kind of object (how to find it in the user's scope, how to show it)
and then each step in a line or a few:

    class OrderStep(StepApi):
        selector = staticmethod(selectors.order_get)   # called as order_get(user=…, order_id=…)
        output_serializer = out.OrderDetailOutput
        refresh = True                                 # answer what the selector reads afterwards

    OrderAcceptApi = OrderStep.declare(
        lambda order, d, user: actions.order_accept(order=order, actor=user)
    )
    OrderDeclineApi = OrderStep.declare(
        lambda order, d, user: actions.order_decline(order=order, reason=d["reason"], actor=user),
        input=OrderReasonInput,
    )

What every step then does the same way:
- the object is read through the app's selector, which starts from the user's scope: a missing id
  and one out of scope both answer 404 `not_found`, with the same body;
- the body is validated by the step's input serializer (400 `validation_error`);
- the action decides: its `DomainError` is answered by core.api.exceptions with its stable code
  (409 `illegal_transition`, `already_taken` …, 400, 403 `permission_denied`);
- with `idempotent = True` the `Idempotency-Key` header is read (400 `bad_idempotency_key` when
  malformed) and handed to the action as `d["idempotency_key"]`;
- the answer is the updated object in the step's output serializer, documented by drf-spectacular.

`OrderStep.detail()` is the GET view of one order, read and shown the same way (a `DetailApi`).
"""

from collections.abc import Callable
from typing import Any, ClassVar

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.core.api.idempotency import HELP as IDEMPOTENCY_HELP
from yipanqi.core.api.idempotency import SCHEMA as IDEMPOTENCY_SCHEMA
from yipanqi.core.api.idempotency import idempotency_key
from yipanqi.core.pages import found

# act(obj, validated data, acting user) -> the updated object (None: the object it was given)
Act = Callable[[Any, dict, Any], Any]

IDEMPOTENCY_PARAMETER = OpenApiParameter(
    "Idempotency-Key",
    IDEMPOTENCY_SCHEMA,
    OpenApiParameter.HEADER,
    required=False,
    description=IDEMPOTENCY_HELP,
)


class ObjectApi(APIView):
    # What reading one object of a kind takes, shared by its steps and its GET view.
    # (No docstrings on the bases: drf-spectacular would show them as every view's description.)

    # The selector reading one object in the user's scope: selector(user=…, <lookup>=id).
    selector: ClassVar[Callable[..., Any]]
    # The URL keyword holding the id, and the selector's name for it (default: the same).
    url_kwarg: ClassVar[str] = "pk"
    lookup: ClassVar[str | None] = None
    output_serializer: ClassVar[type[serializers.Serializer] | None] = None
    success_status: ClassVar[int] = 200
    # Answer the object as the selector reads it after the action (annotations, related rows).
    refresh: ClassVar[bool] = False

    def get_object(self, request, pk: int) -> Any:
        """The object in the user's scope, or 404 (missing and out of scope look the same)."""
        selector = type(self).selector
        return found(selector, user=request.user, **{self.lookup or self.url_kwarg: pk})

    def respond(self, request, obj: Any) -> Response:
        if self.output_serializer is None:
            return Response(status=self.success_status)
        if self.refresh:
            obj = self.get_object(request, obj.pk)
        context = {"user": request.user, "request": request}
        data = self.output_serializer(obj, context=context).data
        return Response(data, status=self.success_status)


class DetailApi(ObjectApi):
    # GET …/{id}/: the object in the user's scope (404 the same for missing and out of scope).

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)

        def get(self: DetailApi, request, **url_kwargs: Any) -> Response:
            return self.respond(request, self.get_object(request, url_kwargs[self.url_kwarg]))

        cls.get = extend_schema(responses=cls.output_serializer)(get)  # type: ignore[method-assign]


class StepApi(ObjectApi):
    # Base of the step views; subclasses set the class attributes, `declare` makes the steps.

    input_serializer: ClassVar[type[serializers.Serializer] | None] = None
    idempotent: ClassVar[bool] = False
    act: ClassVar[Act | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)

        # Each step gets its own `post`, so the schema shows its own request and response.
        def post(self: StepApi, request, **url_kwargs: Any) -> Response:
            return self.run_step(request, url_kwargs[self.url_kwarg])

        output = cls.output_serializer
        cls.post = extend_schema(  # type: ignore[method-assign]
            request=cls.input_serializer,
            responses={cls.success_status: output},
            parameters=[IDEMPOTENCY_PARAMETER] if cls.idempotent else None,
        )(post)

    @classmethod
    def declare(cls, act: Act, **attrs: Any) -> type["StepApi"]:
        """A step view of this kind: `act(obj, data, user)` calls the action.

        `input`, `output` and the class attributes above may be given per step; `__doc__` becomes the
        step's description in the OpenAPI schema.
        """
        if "input" in attrs:
            attrs["input_serializer"] = attrs.pop("input")
        if "output" in attrs:
            attrs["output_serializer"] = attrs.pop("output")
        attrs["act"] = staticmethod(act)
        # The OpenAPI description is the step's own docstring, never its base's.
        attrs.setdefault("__doc__", "")
        name = attrs.pop("name", f"{cls.__name__}Step")
        return type(name, (cls,), {"__module__": cls.__module__, **attrs})

    @classmethod
    def detail(cls, **attrs: Any) -> type[DetailApi]:
        """The GET view of one object of this kind, read and shown as its steps read and show it
        (`output` and the attributes of `ObjectApi` may be given)."""
        if "output" in attrs:
            attrs["output_serializer"] = attrs.pop("output")
        shared = ("url_kwarg", "lookup", "output_serializer")
        base = {name: getattr(cls, name) for name in shared}  # read once: no `refresh`
        base["selector"] = staticmethod(cls.selector)
        base["respond"] = cls.respond
        name = attrs.pop("name", f"{cls.__name__}Detail")
        body = {"__module__": cls.__module__, "__doc__": "", **base, **attrs}
        return type(name, (DetailApi,), body)

    def run_step(self, request, pk: int) -> Response:
        obj = self.get_object(request, pk)
        data: dict = {}
        if self.input_serializer is not None:
            given = self.input_serializer(data=request.data)
            given.is_valid(raise_exception=True)
            data = dict(given.validated_data)
        if self.idempotent:
            data["idempotency_key"] = idempotency_key(request)
        act = type(self).act
        assert act is not None, f"{type(self).__name__} declares no action"
        result = act(obj, data, request.user)
        return self.respond(request, obj if result is None else result)
