"""Which URLs a test module passes to a request, read from its syntax tree (for
test_scope_matrix_coverage.py: its docstring says what counts and why it is read statically)."""

import ast
import functools
import itertools
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]  # the directory holding the `yipanqi` package

SEGMENT, ID = "\x00", "\x01"  # a piece not resolved: one path segment; an id (never a list route)
MAX_URLS = 1000  # candidates of one expression (the products of loops stay far below this)
Env = tuple[dict, dict]  # the bindings of the function, of the module


class Reader:
    """The URL patterns a test module passes to a request, and the strings it names on their own."""

    def __init__(self, tree: ast.Module) -> None:
        self.module: dict[str, list] = {}
        for statement in tree.body:
            if isinstance(statement, ast.Assign | ast.AnnAssign):
                self._assign(statement, self.module)
        in_fstrings = {
            id(part) for n in ast.walk(tree) if isinstance(n, ast.JoinedStr) for part in n.values
        }
        self.constants = {
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in in_fstrings
        }
        functions = [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)]
        self.requesters = {
            alias.asname or alias.name
            for n in tree.body
            if isinstance(n, ast.ImportFrom) and n.module == "yipanqi.core.tests.matrix"
            for alias in n.names
            if alias.name == "api_ids"
        }
        envs = {f: (self._locals(f), self.module) for f in functions}
        while True:  # helpers that request, directly or through another helper
            more = {
                f.name
                for f, env in envs.items()
                if any(self._is_request(c, env) for c in _calls(f))
            }
            if more <= self.requesters:
                break
            self.requesters |= more
        self.urls: set[str] = set()
        for function, env in envs.items():
            for call in _calls(function):
                if self._is_request(call, env):
                    self.urls |= self._requested(call, env)

    # bindings: name → [("value", expr) | ("element", iterable, index or None)]

    def _assign(self, statement, bindings: dict) -> None:
        targets = statement.targets if isinstance(statement, ast.Assign) else [statement.target]
        for target in targets:
            if isinstance(target, ast.Name) and statement.value is not None:
                bindings.setdefault(target.id, []).append(("value", statement.value))
            elif isinstance(target, ast.Tuple | ast.List):
                values = statement.value
                pairs = (
                    zip(target.elts, values.elts, strict=True)
                    if isinstance(values, ast.Tuple | ast.List)
                    and len(values.elts) == len(target.elts)
                    else ((t, None) for t in target.elts)
                )
                for name, value in pairs:
                    if isinstance(name, ast.Name):
                        bindings.setdefault(name.id, []).append(("value", value))

    def _loop(self, target, iterable, bindings: dict) -> None:
        if isinstance(target, ast.Name):
            bindings.setdefault(target.id, []).append(("element", iterable, None))
        elif isinstance(target, ast.Tuple | ast.List):
            for i, name in enumerate(target.elts):
                if isinstance(name, ast.Name):
                    bindings.setdefault(name.id, []).append(("element", iterable, i))

    def _locals(self, function: ast.FunctionDef) -> dict:
        bindings: dict[str, list] = {}
        for decorator in function.decorator_list:  # @pytest.mark.parametrize(names, values)
            if (
                isinstance(decorator, ast.Call)
                and isinstance(decorator.func, ast.Attribute)
                and decorator.func.attr == "parametrize"
                and len(decorator.args) >= 2
            ):
                names, values = decorator.args[:2]
                if isinstance(names, ast.Constant) and isinstance(names.value, str):
                    listed = [n.strip() for n in names.value.split(",") if n.strip()]
                else:
                    elements = getattr(names, "elts", [])
                    listed = [str(n.value) for n in elements if isinstance(n, ast.Constant)]
                for i, name in enumerate(listed):
                    index = None if len(listed) == 1 else i
                    bindings.setdefault(name, []).append(("element", values, index))
        for node in ast.walk(function):
            if isinstance(node, ast.Assign | ast.AnnAssign):
                self._assign(node, bindings)
            elif isinstance(node, ast.For):
                self._loop(node.target, node.iter, bindings)
            elif isinstance(node, ast.comprehension):
                self._loop(node.target, node.iter, bindings)
        return bindings

    # requests

    def _is_request(self, call: ast.Call, env: Env) -> bool:
        """`client.get(url, …)`: a `get` with a positional argument on anything but a dict
        literal, a model manager or a JSON answer; or a call of a requesting helper."""
        func = call.func
        if isinstance(func, ast.Name):
            return func.id in self.requesters
        if not isinstance(func, ast.Attribute) or func.attr != "get" or not call.args:
            return False
        receiver = func.value
        if isinstance(receiver, ast.Call):  # response.json().get(key)
            return getattr(receiver.func, "attr", "") != "json"
        if isinstance(receiver, ast.Attribute) and receiver.attr == "objects":  # Model.objects
            return False
        return not isinstance(self._literal(receiver, env), ast.Dict)

    def _requested(self, call: ast.Call, env: Env) -> set[str]:
        if isinstance(call.func, ast.Attribute):  # client.get(url, data): the URL comes first
            arguments = call.args[:1]
        else:  # a helper: any of its arguments may be the URL
            arguments = [*call.args, *(k.value for k in call.keywords)]
        return {url for a in arguments for url in self._urls(a, env)}

    # values

    def _urls(self, node, env: Env, depth: int = 0) -> set[str]:
        if node is None or depth > 12:
            return {SEGMENT}
        if isinstance(node, ast.Constant):
            return {node.value} if isinstance(node.value, str) else {ID}
        if isinstance(node, ast.JoinedStr):
            parts = [
                self._urls(p.value if isinstance(p, ast.FormattedValue) else p, env, depth + 1)
                for p in node.values
            ]
            return _joined(parts)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            return _joined([self._urls(s, env, depth + 1) for s in (node.left, node.right)])
        if isinstance(node, ast.Name):
            return self._name(node.id, env, depth + 1)
        if isinstance(node, ast.Subscript):
            container = self._literal(node.value, env)
            if isinstance(container, ast.Dict):
                keys = self._urls(node.slice, env, depth + 1)
                chosen = [
                    v for k, v in zip(container.keys, container.values, strict=True)
                    if k is not None and (not _plain(keys) or self._urls(k, env, depth + 1) & keys)
                ]  # fmt: skip
                return set().union(*(self._urls(v, env, depth + 1) for v in chosen)) or {ID}
            if isinstance(container, ast.List | ast.Tuple):
                return set().union(*(self._urls(e, env, depth + 1) for e in container.elts))
            return {ID}
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "format":  # "/x/{}/".format(pk): its fields are ids
                template = self._urls(node.func.value, env, depth + 1)
                return {re.sub(r"\{[^{}]*\}", ID, t) for t in template}
        if isinstance(node, ast.Attribute):
            return {ID}
        return {SEGMENT}

    def _name(self, name: str, env: Env, depth: int) -> set[str]:
        local, module = env
        found = local.get(name)
        env = env if found else ({}, module)
        bindings = found or module.get(name)
        if not bindings:  # an argument or a fixture: not known
            return {SEGMENT}
        urls: set[str] = set()
        for binding in bindings:
            if binding[0] == "value":
                urls |= self._urls(binding[1], env, depth)
                continue
            _kind, iterable, index = binding
            elements = self._elements(iterable, env)
            if elements is None:
                urls.add(SEGMENT)
            for element in elements or []:
                if index is not None:
                    parts = getattr(element, "elts", None)
                    element = parts[index] if parts and index < len(parts) else None
                urls |= self._urls(element, env, depth)
        return urls  # empty when it only ever iterates over nothing

    def _literal(self, node, env: Env, depth: int = 0):
        """The dict, list, tuple or set literal a node is, or a name is bound to once."""
        if isinstance(node, ast.Dict | ast.List | ast.Tuple | ast.Set):
            return node
        if isinstance(node, ast.Name) and depth < 5:
            local, module = env
            found = local.get(node.id) or module.get(node.id, [])
            if len(found) == 1 and found[0][0] == "value":
                return self._literal(
                    found[0][1], env if node.id in local else ({}, module), depth + 1
                )
        return None

    def _elements(self, node, env: Env):
        """What iterating a node gives, as expressions (None: not known)."""
        literal = self._literal(node, env)
        if isinstance(literal, ast.Dict):
            return [k for k in literal.keys if k is not None]
        if literal is not None:
            return list(literal.elts)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self._elements(node.left, env), self._elements(node.right, env)
            return None if left is None or right is None else left + right
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            mapping = self._literal(node.func.value, env)
            if isinstance(mapping, ast.Dict):
                pairs = [(k, v) for k, v in zip(mapping.keys, mapping.values, strict=True) if k]
                if node.func.attr == "items":
                    return [ast.Tuple(elts=[k, v]) for k, v in pairs]
                if node.func.attr in ("keys", "values"):
                    return [p[node.func.attr == "values"] for p in pairs]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
            if node.func.id in ("sorted", "list", "tuple", "set", "reversed"):
                return self._elements(node.args[0], env)
        return None


def _calls(function: ast.FunctionDef) -> list[ast.Call]:
    return [n for n in ast.walk(function) if isinstance(n, ast.Call)]


def _plain(urls: set[str]) -> bool:
    return not any(SEGMENT in u or ID in u for u in urls)


def _joined(parts: list[set[str]]) -> set[str]:
    return {"".join(p) for p in itertools.islice(itertools.product(*parts), MAX_URLS)}


@functools.cache
def reader_of(relative: str) -> Reader:
    return Reader(ast.parse((ROOT / relative).read_text(encoding="utf-8")))


def requests(relative: str, route: str) -> bool:
    """The module passes the route's URL (a query string aside) to a request."""
    return requested_by(reader_of(relative), route)


def requested_by(reader: Reader, route: str) -> bool:
    for url in reader.urls:
        path = url.split("?", 1)[0]
        pattern = "".join(
            "([^/?]+)" if c == SEGMENT else "(?!)" if c == ID else re.escape(c) for c in path
        )
        found = re.fullmatch(pattern, route)
        if found and all(segment in reader.constants for segment in found.groups()):
            return True
    return False
