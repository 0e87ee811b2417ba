"""Finds, by reading the source (AST), every place a module writes a model's status.

``tests/test_one_door.py`` runs it over ``privdocs/`` and says why each model's door
is where it is. A *write* is any spelling that can change the ``status`` column of a
row: an attribute assignment in any target form, ``setattr`` and ``__setattr__``,
``__dict__``, a model's constructor, a manager's or queryset's write method (with the
value as a keyword, in ``defaults``/``create_defaults`` or in a ``**mapping``), the
field lists of ``save``/``bulk_update``/``bulk_create``, raw SQL, a mapping holding
"status" handed to a function of privdocs that spreads it into one of those, an
admin screen or model form that edits the field, and creating a row of a model with
a status at all (its status starts at the field's default, with no Transition).

The rule is precise rather than a list of exceptions: calls are writes only when
they are *write methods* (``create``, ``update``, ``save``…) or constructors of model
classes, and model classes are found from the classes of privdocs whose bases lead
to ``django.db.models.Model``. ``filter(status=…)``, ``Q(status=…)``,
``When(status=…)``, ``HttpResponse(status=403)`` or ``render(…, status=404)`` are
none of these, so they are reads. Where the model written can be told (a parameter
annotated ``DocumentVersion``, ``DocumentVersion.objects…``, ``self`` in a model's
method), a write is allowed only in that model's door; where it cannot, only in a
door module. A receiver known to be a class of privdocs that is not a model (a
dataclass, an exception) is not a row, and a local dict is not one either.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

#: The field whose writes are checked.
FIELD = "status"
#: Manager and queryset methods whose keyword arguments are the values they write.
KEYWORD_WRITES = frozenset(
    {
        "create",
        "acreate",
        "update",
        "aupdate",
        "get_or_create",
        "aget_or_create",
        "update_or_create",
        "aupdate_or_create",
    }
)
#: Keyword arguments of those that hold a mapping of values.
MAPPING_KEYWORDS = frozenset({"defaults", "create_defaults"})
#: Manager methods that insert rows of their model.
CREATING = frozenset(
    {
        "create",
        "acreate",
        "get_or_create",
        "aget_or_create",
        "update_or_create",
        "aupdate_or_create",
        "bulk_create",
        "abulk_create",
    }
)
#: Methods with a list of the field names they write: (keyword, position).
FIELD_LISTS: Mapping[str, tuple[str, int]] = {
    "save": ("update_fields", 3),
    "asave": ("update_fields", 3),
    "save_base": ("update_fields", 4),
    "bulk_update": ("fields", 1),
    "abulk_update": ("fields", 1),
    "bulk_create": ("update_fields", 4),
    "abulk_create": ("update_fields", 4),
}
#: Attributes through which a model class reaches its rows.
MANAGERS = frozenset({"objects", "_default_manager", "_base_manager"})
#: Calls that hand back the sequence or mapping they are given.
COPIES = frozenset({"list", "tuple", "set", "frozenset", "sorted", "dict", "copy"})
MODEL_BASES = frozenset({"django.db.models.Model", "django.db.models.base.Model"})
MODEL_FORMS = frozenset({"django.forms.ModelForm", "django.forms.models.ModelForm"})
#: SQL that writes a status column: ``UPDATE t SET …status =`` or an INSERT naming it.
SQL_WRITE = re.compile(
    r"\bUPDATE\s+\S+\s+SET\s+(?:[^;]*?[\s,.])?[\"`]?status[\"`]?\s*="
    r"|\bINSERT\s+INTO\s+\S+\s*\([^)]*\bstatus\b",
    re.IGNORECASE | re.DOTALL,
)
SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)


@dataclass(frozen=True)
class Finding:
    """One write of ``status``: where, how it is spelled, and of which model."""

    path: str
    line: int
    what: str
    model: str | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.what}"


@dataclass
class Model:
    """A model class of privdocs, as its source declares it."""

    name: str
    table: str
    fields: list[str]
    bases: list[str] = field(default_factory=list)

    @property
    def has_status(self) -> bool:
        return FIELD in self.fields

    def position(self, name: str) -> int:
        """Where a field comes in the constructor's positional arguments."""
        return self.fields.index(name)


@dataclass
class Module:
    """A parsed module: its dotted name, path, tree, imports and top-level names."""

    name: str
    path: str
    tree: ast.Module
    imports: dict[str, str]
    defined: set[str]

    @classmethod
    def parse(cls, source: str, path: str) -> Module:
        tree = ast.parse(source)
        parts = list(Path(path).with_suffix("").parts)
        package = parts[:-1]
        if parts[-1] == "__init__":
            parts = parts[:-1]
        imports: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        imports[alias.asname] = alias.name
                    else:
                        top = alias.name.split(".")[0]
                        imports[top] = top
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package[: len(package) - node.level + 1]
                    base = ".".join([*anchor, *([base] if base else [])])
                for alias in node.names:
                    imports[alias.asname or alias.name] = f"{base}.{alias.name}"
        defined = {
            node.name
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        }
        return cls(".".join(parts), path, tree, imports, defined)

    def top_name(self, name: str) -> str | None:
        """The dotted name a module-level name stands for."""
        if name in self.defined:
            return f"{self.name}.{name}"
        return self.imports.get(name)


@dataclass
class Scope:
    """The names a function, class or module binds, and what is done to them."""

    node: ast.AST
    parent: Scope | None
    module: Module
    qualname: str
    is_class: bool = False
    params: set[str] = field(default_factory=set)
    values: dict[str, list[ast.expr]] = field(default_factory=dict)
    iterables: dict[str, list[ast.expr]] = field(default_factory=dict)
    annotations: dict[str, ast.expr] = field(default_factory=dict)
    mutations: dict[str, list[ast.AST]] = field(default_factory=dict)
    #: The first parameter of a method and its class (``self``, ``cls``).
    self_name: str | None = None
    self_class: str | None = None

    def binds(self, name: str) -> bool:
        return (
            name in self.params
            or name in self.values
            or name in self.iterables
            or name in self.annotations
        )

    def owner(self, name: str) -> Scope | None:
        """The scope a name belongs to (class bodies are not seen from methods)."""
        scope: Scope | None = self
        while scope is not None:
            if (scope is self or not scope.is_class) and scope.binds(name):
                return scope
            scope = scope.parent
        return None


def _own_nodes(node: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a scope, not entering the scopes nested in it."""
    for child in ast.iter_child_nodes(node):
        yield child
        if not isinstance(child, SCOPES):
            yield from _own_nodes(child)


def _names_in_target(target: ast.expr) -> Iterator[ast.Name]:
    if isinstance(target, ast.Name):
        yield target
    elif isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from _names_in_target(element)
    elif isinstance(target, ast.Starred):
        yield from _names_in_target(target.value)


def _build_scope(
    node: ast.AST, parent: Scope | None, module: Module, qualname: str
) -> Scope:
    scope = Scope(
        node, parent, module, qualname, is_class=isinstance(node, ast.ClassDef)
    )
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
        arguments = node.args
        every = [
            *arguments.posonlyargs,
            *arguments.args,
            *arguments.kwonlyargs,
            *([arguments.vararg] if arguments.vararg else []),
            *([arguments.kwarg] if arguments.kwarg else []),
        ]
        for argument in every:
            scope.params.add(argument.arg)
            if argument.annotation is not None:
                scope.annotations[argument.arg] = argument.annotation
        positional = [*arguments.posonlyargs, *arguments.args]
        is_static = any(
            isinstance(decorator, ast.Name) and decorator.id == "staticmethod"
            for decorator in getattr(node, "decorator_list", [])
        )
        if parent is not None and parent.is_class and positional and not is_static:
            scope.self_name = positional[0].arg
            scope.self_class = parent.qualname
    for child in _own_nodes(node):
        if isinstance(child, ast.Assign):
            for target in child.targets:
                if isinstance(target, ast.Name):
                    scope.values.setdefault(target.id, []).append(child.value)
                else:
                    for name in _names_in_target(target):
                        scope.values.setdefault(name.id, [])
        elif isinstance(child, ast.AnnAssign) and isinstance(child.target, ast.Name):
            scope.annotations[child.target.id] = child.annotation
            if child.value is not None:
                scope.values.setdefault(child.target.id, []).append(child.value)
        elif (
            isinstance(child, ast.AugAssign) and isinstance(child.target, ast.Name)
        ) or isinstance(child, ast.NamedExpr):
            assert isinstance(child.target, ast.Name)
            scope.values.setdefault(child.target.id, []).append(child.value)
        elif isinstance(child, ast.For | ast.AsyncFor | ast.comprehension):
            for name in _names_in_target(child.target):
                scope.iterables.setdefault(name.id, []).append(child.iter)
        elif isinstance(child, ast.Subscript) and isinstance(child.ctx, ast.Store):
            if isinstance(child.value, ast.Name):
                scope.mutations.setdefault(child.value.id, []).append(child)
        elif (
            isinstance(child, ast.Call)
            and isinstance(child.func, ast.Attribute)
            and isinstance(child.func.value, ast.Name)
        ):
            scope.mutations.setdefault(child.func.value.id, []).append(child)
        elif isinstance(child, ast.With | ast.AsyncWith):
            for item in child.items:
                if item.optional_vars is not None:
                    for name in _names_in_target(item.optional_vars):
                        scope.values.setdefault(name.id, [])
    return scope


def _scopes_of(module: Module) -> Iterator[tuple[ast.AST, Scope]]:
    """Every node of the module with the scope it is read in."""

    def visit(node: ast.AST, scope: Scope) -> Iterator[tuple[ast.AST, Scope]]:
        yield node, scope
        if not isinstance(node, SCOPES):
            for child in ast.iter_child_nodes(node):
                yield from visit(child, scope)
            return
        name = getattr(node, "name", "<lambda>")
        inner = _build_scope(node, scope, module, f"{scope.qualname}.{name}")
        # Defaults, annotations, bases and decorators are read where the function
        # or class is defined; the body in its own scope.
        outside: list[ast.AST]
        body: list[ast.AST]
        if isinstance(node, ast.Lambda):
            outside, body = [node.args], [node.body]
        elif isinstance(node, ast.ClassDef):
            outside = [*node.bases, *node.keywords, *node.decorator_list]
            body = [*node.body]
        else:
            outside = [node.args, *node.decorator_list]
            outside += [node.returns] if node.returns is not None else []
            body = [*node.body]
        for part in outside:
            yield from visit(part, scope)
        for statement in body:
            yield from visit(statement, inner)

    yield from visit(module.tree, _build_scope(module.tree, None, module, module.name))


@dataclass
class Helper:
    """A function of privdocs that spreads some of its parameters into a write."""

    params: dict[str, int | None]  # name: position (None when keyword-only)
    model: str | None


class Registry:
    """What the whole package declares: modules, classes, models and helpers."""

    def __init__(self, modules: Iterable[Module]) -> None:
        self.modules: dict[str, Module] = {}
        self.classes: dict[str, tuple[Module, ast.ClassDef]] = {}
        self.functions: dict[str, tuple[Module, ast.FunctionDef | ast.AsyncFunctionDef]]
        self.functions = {}
        self.models: dict[str, Model] = {}
        self.helpers: dict[str, Helper] = {}
        self.tops: dict[str, Scope] = {}
        for module in modules:
            self.add(module)
        self.find_models()
        self.find_helpers(list(self.modules.values()))

    def add(self, module: Module) -> None:
        self.modules[module.name] = module

        def collect(body: list[ast.stmt], prefix: str) -> None:
            for node in body:
                if isinstance(node, ast.ClassDef):
                    self.classes[f"{prefix}.{node.name}"] = (module, node)
                    collect(node.body, f"{prefix}.{node.name}")
                elif (
                    isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
                    and prefix == module.name
                ):
                    self.functions[f"{prefix}.{node.name}"] = (module, node)

        collect(module.tree.body, module.name)

    def with_module(self, module: Module) -> Registry:
        """This registry with one more module (a snippet under test)."""
        other = Registry([])
        other.modules = dict(self.modules)
        other.classes = dict(self.classes)
        other.functions = dict(self.functions)
        other.helpers = dict(self.helpers)
        other.tops = dict(self.tops)
        other.add(module)
        other.find_models()
        other.find_helpers([module])
        return other

    def top_scope(self, module: Module) -> Scope:
        """The module's own scope (built once)."""
        if module.name not in self.tops:
            self.tops[module.name] = _build_scope(
                module.tree, None, module, module.name
            )
        return self.tops[module.name]

    def canonical(self, name: str) -> str:
        """The name a re-exported name stands for (``pkg.X`` imported in ``pkg``)."""
        for _ in range(10):
            parts = name.split(".")
            for cut in range(len(parts) - 1, 0, -1):
                module = self.modules.get(".".join(parts[:cut]))
                if module is not None:
                    target = module.imports.get(parts[cut])
                    if target is not None and parts[cut] not in module.defined:
                        name = ".".join([target, *parts[cut + 1 :]])
                        break
            else:
                return name
        return name

    def base_names(self, module: Module, node: ast.ClassDef) -> list[str]:
        names = []
        for base in node.bases:
            if isinstance(base, ast.Subscript):  # admin.ModelAdmin[Version]
                base = base.value
            dotted = _dotted(base)
            if dotted is None:
                continue
            head, _, rest = dotted.partition(".")
            resolved = module.top_name(head)
            if resolved is None:
                continue
            names.append(self.canonical(f"{resolved}.{rest}" if rest else resolved))
        return names

    def find_models(self) -> None:
        found = True
        while found:
            found = False
            for qualname, (module, node) in self.classes.items():
                if qualname in self.models:
                    continue
                bases = self.base_names(module, node)
                if any(base in MODEL_BASES or base in self.models for base in bases):
                    self.models[qualname] = _model_of(module, node, qualname, bases)
                    found = True
        for model in self.models.values():
            inherited = [
                name
                for base in model.bases
                if base in self.models
                for name in self.models[base].fields
                if name != "id"
            ]
            model.fields = [
                *(["id"] if "id" not in model.fields else []),
                *inherited,
                *model.fields,
            ]

    def is_admin(self, module: Module, node: ast.ClassDef, seen: int = 0) -> bool:
        for base in self.base_names(module, node):
            last = base.rsplit(".", 1)[-1]
            if base.startswith("django.contrib.admin") and (
                "Admin" in last or "Inline" in last
            ):
                return True
            if base in self.classes and seen < 10:
                inner_module, inner = self.classes[base]
                if self.is_admin(inner_module, inner, seen + 1):
                    return True
        return False

    def functions_of(
        self, module: Module
    ) -> Iterator[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef]]:
        for node in module.tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield f"{module.name}.{node.name}", node

    def find_helpers(self, modules: list[Module]) -> None:
        """Functions whose parameters reach a write (to a fixed point: a helper that
        passes its parameter to another helper writes it too)."""
        changed = True
        while changed:
            changed = False
            for module in modules:
                checker = Checker(self, module)
                for qualname, node in self.functions_of(module):
                    helper = checker.helper_of(node)
                    if helper is not None and (
                        qualname not in self.helpers
                        or self.helpers[qualname].params != helper.params
                    ):
                        self.helpers[qualname] = helper
                        changed = True


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr}" if inner else None
    return None


def _model_of(
    module: Module, node: ast.ClassDef, qualname: str, bases: list[str]
) -> Model:
    fields: list[str] = []
    table = ""
    for statement in node.body:
        if (
            isinstance(statement, ast.Assign)
            and len(statement.targets) == 1
            and isinstance(statement.targets[0], ast.Name)
            and isinstance(statement.value, ast.Call)
        ):
            kind = (_dotted(statement.value.func) or "").rsplit(".", 1)[-1]
            if kind.endswith(("Field", "ForeignKey")) and kind != "ManyToManyField":
                fields.append(statement.targets[0].id)
        elif isinstance(statement, ast.ClassDef) and statement.name == "Meta":
            for option in statement.body:
                if (
                    isinstance(option, ast.Assign)
                    and isinstance(option.targets[0], ast.Name)
                    and option.targets[0].id == "db_table"
                    and isinstance(option.value, ast.Constant)
                ):
                    table = str(option.value.value)
    parts = module.name.split(".")
    app = parts[1] if len(parts) > 2 else parts[0]
    return Model(qualname, table or f"{app}_{node.name.lower()}", fields, bases)


class Checker:
    """Finds the status writes of one module."""

    def __init__(self, registry: Registry, module: Module) -> None:
        self.registry = registry
        self.module = module

    # -- what names stand for ---------------------------------------------------

    def qualname(self, node: ast.expr, scope: Scope) -> str | None:
        """The dotted name of the class or function an expression names."""
        if isinstance(node, ast.Name):
            owner = scope.owner(node.id)
            if owner is not None and owner.parent is not None:
                if owner.is_class and node.id in owner.values:
                    return f"{owner.qualname}.{node.id}"
                return None
            top = self.module.top_name(node.id)
            if top is None and owner is not None:
                values = owner.values.get(node.id, [])
                if len(values) == 1 and isinstance(values[0], ast.Name | ast.Attribute):
                    return self.qualname(values[0], owner)
                return None
            if top is None:
                return f"builtins.{node.id}"
            return self.registry.canonical(top)
        if isinstance(node, ast.Attribute):
            inner = self.qualname(node.value, scope)
            return self.registry.canonical(f"{inner}.{node.attr}") if inner else None
        return None

    def model_class(self, node: ast.expr, scope: Scope) -> str | None:
        name = self.qualname(node, scope)
        return name if name in self.registry.models else None

    def annotated_class(self, annotation: ast.expr, scope: Scope) -> str | None:
        """The one class of privdocs an annotation names (``Iterable[Version]``)."""
        found = {
            name
            for node in ast.walk(annotation)
            if isinstance(node, ast.Name | ast.Attribute)
            for name in [self.qualname(node, scope)]
            if name in self.registry.classes
        }
        return found.pop() if len(found) == 1 else None

    def class_of(self, node: ast.expr, scope: Scope, depth: int = 0) -> str | None:
        """The class of privdocs whose instances (or rows) an expression holds."""
        if depth > 8:
            return None
        if isinstance(node, ast.Name):
            owner = scope.owner(node.id)
            if owner is None:
                return None
            if owner.self_name == node.id:
                return owner.self_class
            if node.id in owner.annotations:
                return self.annotated_class(owner.annotations[node.id], owner)
            # What a name is bound to where that can be told (a loop over rows of
            # one model, a call returning one); bindings that cannot are left out.
            guesses = {
                self.class_of(value, owner, depth + 1)
                for value in owner.values.get(node.id, [])
            } | {
                self.class_of(iterable, owner, depth + 1)
                for iterable in owner.iterables.get(node.id, [])
            }
            guesses.discard(None)
            return guesses.pop() if len(guesses) == 1 else None
        if isinstance(node, ast.Call):
            called = self.qualname(node.func, scope)
            if called in self.registry.classes:
                return called
            if called in self.registry.functions:
                defined_in, function = self.registry.functions[called]
                if function.returns is not None:
                    return self.annotated_class(
                        function.returns, self.registry.top_scope(defined_in)
                    )
                return None
            if called in {f"builtins.{name}" for name in COPIES} and node.args:
                return self.class_of(node.args[0], scope, depth + 1)
            if isinstance(node.func, ast.Attribute):
                return self.rows_of(node.func.value, scope)
            return None
        if isinstance(node, ast.Attribute | ast.Subscript):
            return self.rows_of(
                node.value if isinstance(node, ast.Subscript) else node, scope
            )
        if isinstance(node, ast.ListComp | ast.GeneratorExp | ast.SetComp):
            return self.class_of(node.elt, scope, depth + 1)
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            guesses = {self.class_of(each, scope, depth + 1) for each in node.elts}
            return guesses.pop() if len(guesses) == 1 else None
        return None

    def rows_of(self, node: ast.expr, scope: Scope) -> str | None:
        """The model whose rows a manager, queryset or instance expression reaches:
        ``Version``, ``Version.objects.filter(…)``, ``version`` typed as one."""
        if isinstance(node, ast.Attribute):
            model = self.model_class(node, scope)
            if model is not None:
                return model
            if node.attr in MANAGERS:
                return self.model_class(node.value, scope)
            return None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            return self.rows_of(node.func.value, scope)
        if isinstance(node, ast.Name):
            return self.model_class(node, scope) or self.class_of(node, scope)
        return None

    # -- strings, field lists and mappings ---------------------------------------

    def strings(self, node: ast.expr, scope: Scope, depth: int = 0) -> set[str]:
        """The strings an expression may hold."""
        if depth > 8:
            return set()
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        if isinstance(node, ast.JoinedStr):
            parts = [self.strings(value, scope, depth + 1) for value in node.values]
            if all(len(part) == 1 for part in parts):
                return {"".join(part.pop() for part in parts)}
            return set()
        if isinstance(node, ast.FormattedValue):
            return self.strings(node.value, scope, depth + 1)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left = self.strings(node.left, scope, depth + 1)
            right = self.strings(node.right, scope, depth + 1)
            return {a + b for a in left for b in right}
        if isinstance(node, ast.IfExp):
            return self.strings(node.body, scope, depth + 1) | self.strings(
                node.orelse, scope, depth + 1
            )
        if isinstance(node, ast.Name):
            owner = scope.owner(node.id)
            if owner is None:
                return set()
            found: set[str] = set()
            for value in owner.values.get(node.id, []):
                found |= self.strings(value, owner, depth + 1)
            for iterable in owner.iterables.get(node.id, []):
                found |= self.members(iterable, owner, depth + 1)
            return found
        return set()

    def members(self, node: ast.expr, scope: Scope, depth: int = 0) -> set[str]:
        """The strings a sequence (or a mapping's keys) may hold."""
        if depth > 8:
            return set()
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            found: set[str] = set()
            for element in node.elts:
                if isinstance(element, ast.Starred):
                    found |= self.members(element.value, scope, depth + 1)
                else:
                    found |= self.strings(element, scope, depth + 1)
            return found
        if isinstance(node, ast.Dict):
            return {
                text
                for key in node.keys
                if key is not None
                for text in self.strings(key, scope, depth + 1)
            }
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add | ast.BitOr):
            return self.members(node.left, scope, depth + 1) | self.members(
                node.right, scope, depth + 1
            )
        if (
            isinstance(node, ast.Call)
            and node.args
            and self.qualname(node.func, scope) in {f"builtins.{n}" for n in COPIES}
        ):
            return self.members(node.args[0], scope, depth + 1)
        if isinstance(node, ast.Name):
            owner = scope.owner(node.id)
            if owner is None:
                return set()
            found = set()
            for value in owner.values.get(node.id, []):
                found |= self.members(value, owner, depth + 1)
            for change in owner.mutations.get(node.id, []):
                if isinstance(change, ast.Call) and isinstance(
                    change.func, ast.Attribute
                ):
                    for argument in change.args:
                        if change.func.attr in {"append", "add", "insert"}:
                            found |= self.strings(argument, owner, depth + 1)
                        elif change.func.attr in {"extend", "update"}:
                            found |= self.members(argument, owner, depth + 1)
            return found
        return set()

    def carries(self, node: ast.expr, scope: Scope, depth: int = 0) -> bool:
        """Whether a mapping expression may hold a "status" key."""
        if depth > 8:
            return False
        if isinstance(node, ast.Dict):
            return any(
                (FIELD in self.strings(key, scope, depth + 1))
                if key is not None
                else self.carries(value, scope, depth + 1)
                for key, value in zip(node.keys, node.values, strict=True)
            )
        if isinstance(node, ast.DictComp):
            return FIELD in self.strings(node.key, scope, depth + 1) or any(
                FIELD in self.members(generator.iter, scope, depth + 1)
                for generator in node.generators
            )
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
            return self.carries(node.left, scope, depth + 1) or self.carries(
                node.right, scope, depth + 1
            )
        if isinstance(node, ast.IfExp):
            return self.carries(node.body, scope, depth + 1) or self.carries(
                node.orelse, scope, depth + 1
            )
        if isinstance(node, ast.Call):
            called = self.qualname(node.func, scope)
            if called in {"builtins.dict", "copy.copy", "copy.deepcopy"}:
                return (
                    any(
                        keyword.arg == FIELD
                        or (
                            keyword.arg is None
                            and self.carries(keyword.value, scope, depth + 1)
                        )
                        for keyword in node.keywords
                    )
                    or any(self.carries(arg, scope, depth + 1) for arg in node.args)
                    or any(
                        FIELD in self.members(pair, scope, depth + 1)
                        for arg in node.args
                        if isinstance(arg, ast.List | ast.Tuple)
                        for pair in arg.elts
                    )
                )
            if isinstance(node.func, ast.Attribute) and node.func.attr == "fromkeys":
                return any(
                    FIELD in self.members(arg, scope, depth + 1) for arg in node.args
                )
            if isinstance(node.func, ast.Attribute) and node.func.attr == "copy":
                return self.carries(node.func.value, scope, depth + 1)
            return False
        if isinstance(node, ast.Name):
            owner = scope.owner(node.id)
            if owner is None:
                return False
            if any(
                self.carries(value, owner, depth + 1)
                for value in owner.values.get(node.id, [])
            ):
                return True
            for change in owner.mutations.get(node.id, []):
                if isinstance(change, ast.Subscript) and FIELD in self.strings(
                    change.slice, owner, depth + 1
                ):
                    return True
                if isinstance(change, ast.Call) and isinstance(
                    change.func, ast.Attribute
                ):
                    if change.func.attr in {"setdefault", "__setitem__"} and any(
                        FIELD in self.strings(arg, owner, depth + 1)
                        for arg in change.args[:1]
                    ):
                        return True
                    if change.func.attr == "update" and (
                        any(keyword.arg == FIELD for keyword in change.keywords)
                        or any(
                            self.carries(arg, owner, depth + 1) for arg in change.args
                        )
                    ):
                        return True
        return False

    def is_local_dict(self, node: ast.expr, scope: Scope) -> bool:
        """A name bound only to dict displays: its ``update`` writes no row."""
        if not isinstance(node, ast.Name):
            return False
        owner = scope.owner(node.id)
        values = owner.values.get(node.id, []) if owner else []
        annotation = owner.annotations.get(node.id) if owner else None
        if isinstance(annotation, ast.Subscript) and _dotted(annotation.value) in {
            "dict",
            "Dict",
            "typing.Dict",
        }:
            return True
        return bool(values) and all(
            isinstance(value, ast.Dict | ast.DictComp)
            or (
                isinstance(value, ast.Call)
                and self.qualname(value.func, scope) == "builtins.dict"
            )
            for value in values
        )

    # -- the rules ----------------------------------------------------------------

    def writes(self) -> list[Finding]:
        found: list[Finding] = []
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(self.module.tree)
            if isinstance(
                node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
            )
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node, scope in _scopes_of(self.module):
            for what, model in self.node_writes(node, scope, docstrings):
                found.append(Finding(self.module.path, _line(node), what, model))
        return sorted(set(found), key=lambda each: (each.line, each.what))

    def node_writes(
        self, node: ast.AST, scope: Scope, docstrings: set[int]
    ) -> Iterator[tuple[str, str | None]]:
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store):
            if node.attr == FIELD:
                owner = self.class_of(node.value, scope)
                if owner is None or (
                    owner in self.registry.models
                    and self.registry.models[owner].has_status
                ):
                    yield f"assigns {_show(node)}", owner
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
            if self.is_instance_dict(node.value, scope) and FIELD in self.strings(
                node.slice, scope
            ):
                yield (
                    f"writes {_show(node)}",
                    self.class_of(_dict_owner(node.value), scope),
                )
        elif isinstance(node, ast.AugAssign) and self.is_instance_dict(
            node.target, scope
        ):
            if self.carries(node.value, scope):
                yield f"updates {_show(node.target)}", None
        elif isinstance(node, ast.Call):
            yield from self.call_writes(node, scope)
        elif isinstance(node, ast.Constant | ast.JoinedStr | ast.BinOp):
            text = None if id(node) in docstrings else self.template(node, scope)
            if text is not None and SQL_WRITE.search(text):
                yield "runs SQL that writes status", self.model_of_table(text)
        elif isinstance(node, ast.ClassDef):
            yield from self.class_writes(node, scope)

    def template(self, node: ast.expr, scope: Scope) -> str | None:
        """The text of a string expression, "{}" standing for what is not known."""
        if isinstance(node, ast.Constant):
            return node.value if isinstance(node.value, str) else None
        if isinstance(node, ast.JoinedStr):
            parts = [self.template(value, scope) for value in node.values]
            return "".join(part if part is not None else "{}" for part in parts)
        if isinstance(node, ast.FormattedValue | ast.Name):
            value = node.value if isinstance(node, ast.FormattedValue) else node
            known = self.strings(value, scope)
            return known.pop() if len(known) == 1 else None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left = self.template(node.left, scope)
            right = self.template(node.right, scope)
            if left is None and right is None:
                return None
            return (left if left is not None else "{}") + (
                right if right is not None else "{}"
            )
        return None

    def is_instance_dict(self, node: ast.expr, scope: Scope) -> bool:
        """``x.__dict__`` or ``vars(x)``: an instance's own attributes."""
        if isinstance(node, ast.Attribute) and node.attr == "__dict__":
            return True
        return (
            isinstance(node, ast.Call)
            and self.qualname(node.func, scope) == "builtins.vars"
            and bool(node.args)
        )

    def model_of_table(self, sql: str) -> str | None:
        for model in self.registry.models.values():
            if re.search(rf"\b{re.escape(model.table)}\b", sql, re.IGNORECASE):
                return model.name
        return None

    def call_writes(
        self, call: ast.Call, scope: Scope
    ) -> Iterator[tuple[str, str | None]]:
        function = call.func
        called = self.qualname(function, scope)
        # setattr(x, "status", …), object.__setattr__(x, "status", …), x.__setattr__(…)
        if called == "builtins.setattr" and len(call.args) >= 2:
            if FIELD in self.strings(call.args[1], scope):
                yield "sets status with setattr", self.row_model(call.args[0], scope)
            return
        if isinstance(function, ast.Attribute) and function.attr == "__setattr__":
            holder = self.qualname(function.value, scope)
            target: ast.expr | None = function.value
            names = call.args[:1]
            if holder == "builtins.object" or holder in self.registry.classes:
                target = call.args[0] if call.args else None
                names = call.args[1:2]
            if target is not None and any(
                FIELD in self.strings(name, scope) for name in names
            ):
                yield "sets status with __setattr__", self.row_model(target, scope)
            return
        # A model's constructor: DocumentVersion(status=…), (**values), positional.
        model = self.model_class(function, scope)
        if model is not None:
            info = self.registry.models[model]
            if not info.has_status:
                return
            short = model.rsplit(".", 1)[-1]
            if self.keywords_carry(call, scope):
                yield f"builds a {short} with a status", model
            elif any(isinstance(arg, ast.Starred) for arg in call.args) or len(
                call.args
            ) > info.position(FIELD):
                yield f"builds a {short} with positional fields up to status", model
            else:
                yield f"builds a {short}, whose status starts at the default", model
            return
        # A class handed in (model: type[M]) built from a mapping holding "status".
        if isinstance(function, ast.Name) and self.is_class_parameter(function, scope):
            if self.keywords_carry(call, scope):
                yield f"builds a {function.id} with a status", None
            return
        if called in self.registry.helpers:
            helper = self.registry.helpers[called]
            for name, position in helper.params.items():
                argument = _argument(call, name, position)
                if argument is not None and self.carries(argument, scope):
                    yield (
                        f"passes a mapping holding status to {called.rsplit('.', 1)[-1]}"
                        f"({name}=…), which writes it",
                        helper.model,
                    )
            return
        if not isinstance(function, ast.Attribute):
            return
        if function.attr == "register" and (_dotted(function.value) or "").endswith(
            "site"
        ):
            yield from self.registration_writes(call, scope)
            return
        method = function.attr
        receiver = function.value
        if method not in KEYWORD_WRITES and method not in FIELD_LISTS:
            return
        if self.is_local_dict(receiver, scope):
            return
        rows = self.row_model(receiver, scope)
        owner_class = self.class_of(receiver, scope) if rows is None else rows
        if owner_class is not None and owner_class not in self.registry.models:
            return  # a class of privdocs that is not a model
        if rows is not None and not self.registry.models[rows].has_status:
            return
        if method in KEYWORD_WRITES:
            if self.keywords_carry(call, scope) or any(
                keyword.arg in MAPPING_KEYWORDS and self.carries(keyword.value, scope)
                for keyword in call.keywords
            ):
                yield f"writes status with {method}()", rows
            elif method == "update" and any(
                self.carries(arg, scope) for arg in call.args
            ):
                yield "writes status with update()", rows
        if method in FIELD_LISTS:
            keyword, position = FIELD_LISTS[method]
            listed = _argument(call, keyword, position)
            if listed is not None and FIELD in self.members(listed, scope):
                yield f"writes status with {method}({keyword}=[…])", rows
        if (
            method in CREATING
            and rows is not None
            and self.is_manager_chain(receiver, scope)
        ):
            short = rows.rsplit(".", 1)[-1]
            yield (
                f"creates a {short} with {method}(), whose status starts at the default",
                rows,
            )

    def is_manager_chain(self, node: ast.expr, scope: Scope) -> bool:
        """``Model.objects``, ``Model.objects.filter(…)``: rows of a model class
        (not an instance), which ``create`` inserts into."""
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            return self.model_class(node.value, scope) is not None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            return self.is_manager_chain(node.func.value, scope)
        return False

    def row_model(self, node: ast.expr, scope: Scope) -> str | None:
        model = self.rows_of(node, scope)
        return model if model in self.registry.models else None

    def keywords_carry(self, call: ast.Call, scope: Scope) -> bool:
        return any(
            keyword.arg == FIELD
            or (keyword.arg is None and self.carries(keyword.value, scope))
            for keyword in call.keywords
        )

    def is_class_parameter(self, node: ast.Name, scope: Scope) -> bool:
        owner = scope.owner(node.id)
        if owner is None or node.id not in owner.annotations:
            return False
        annotation = owner.annotations[node.id]
        return isinstance(annotation, ast.Subscript) and _dotted(annotation.value) in {
            "type",
            "Type",
            "typing.Type",
        }

    def class_writes(
        self, node: ast.ClassDef, scope: Scope
    ) -> Iterator[tuple[str, str | None]]:
        """An admin screen or model form that lets a person edit ``status``."""
        inner = _build_scope(node, scope, self.module, f"{scope.qualname}.{node.name}")
        bases = self.registry.base_names(self.module, node)
        if any(base in MODEL_FORMS for base in bases):
            meta = next(
                (
                    each
                    for each in node.body
                    if isinstance(each, ast.ClassDef) and each.name == "Meta"
                ),
                None,
            )
            if meta is None:
                return
            options = _build_scope(meta, inner, self.module, f"{inner.qualname}.Meta")
            for value in options.values.get("model", []):
                model = self.model_class(value, scope)
                if model is None or not self.registry.models[model].has_status:
                    continue
                fields = self.option(options, "fields") or set()
                if (FIELD in fields or "__all__" in fields) and FIELD not in (
                    self.option(options, "exclude") or set()
                ):
                    yield f"lets the form {node.name} edit status", model
            return
        if not self.registry.is_admin(self.module, node):
            return
        models = {
            model
            for value in inner.values.get("model", [])
            for model in [self.model_class(value, scope)]
            if model is not None
        }
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call) and (
                _dotted(decorator.func) or ""
            ).endswith("register"):
                models |= {
                    model
                    for argument in decorator.args
                    for model in [self.model_class(argument, scope)]
                    if model is not None
                }
        for model in sorted(models):
            if self.registry.models[model].has_status:
                for what in self.admin_edits(inner, node.name):
                    yield what, model

    def option(self, scope: Scope, name: str) -> set[str] | None:
        """The field names a class option lists (None when it is not set)."""
        values = scope.values.get(name)
        if not values:
            return None
        return {
            each.value
            for value in values
            for each in ast.walk(value)
            if isinstance(each, ast.Constant) and isinstance(each.value, str)
        } | {text for value in values for text in self.members(value, scope)}

    def admin_edits(self, options: Scope, name: str) -> Iterator[str]:
        """How an admin class lets ``status`` be edited: in its list, or in its
        form unless the field is read-only or left out of ``fields``."""
        if FIELD in (self.option(options, "list_editable") or set()):
            yield f"lets the admin list {name} edit status"
        if FIELD in (self.option(options, "readonly_fields") or set()):
            return
        declared = self.option(options, "fields")
        if declared is None:
            declared = self.option(options, "fieldsets")
        excluded = self.option(options, "exclude") or set()
        if (declared is None or FIELD in declared) and FIELD not in excluded:
            yield f"lets the admin {name} edit status"

    def registration_writes(
        self, call: ast.Call, scope: Scope
    ) -> Iterator[tuple[str, str | None]]:
        """``admin.site.register(Model)`` (every field editable) or
        ``admin.site.register(Model, SomeAdmin)`` with an admin that edits status."""
        model = self.model_class(call.args[0], scope) if call.args else None
        if model is None or not self.registry.models[model].has_status:
            return
        if len(call.args) < 2:
            yield "registers it in the admin with every field editable", model
            return
        screen = self.qualname(call.args[1], scope)
        if screen in self.registry.classes:
            module, node = self.registry.classes[screen]
            options = _build_scope(node, None, module, screen)
            for what in self.admin_edits(options, node.name):
                yield what, model

    def helper_of(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> Helper | None:
        """Which parameters of a module-level function reach a write when they hold
        "status": spread into a model's constructor, a write method's keywords or
        ``defaults``, or handed to another such helper."""
        scope = _build_scope(
            node, self.registry.top_scope(self.module), self.module, node.name
        )
        positional = [arg.arg for arg in [*node.args.posonlyargs, *node.args.args]]
        params: dict[str, int | None] = {}
        model: str | None = None
        calls = [child for child in _own_nodes(node) if isinstance(child, ast.Call)]
        for call in calls:
            for expression in self.sinks(call, scope):
                for name in scope.params:
                    if _flows(expression, name, scope):
                        params[name] = (
                            positional.index(name) if name in positional else None
                        )
                        model = model or self.model_class(call.func, scope)
        return Helper(params, model) if params else None

    def sinks(self, call: ast.Call, scope: Scope) -> list[ast.expr]:
        """The mapping arguments of a call that become written field values."""
        function = call.func
        spread = [keyword.value for keyword in call.keywords if keyword.arg is None]
        if self.model_class(function, scope) is not None or (
            isinstance(function, ast.Name) and self.is_class_parameter(function, scope)
        ):
            return spread
        called = self.qualname(function, scope)
        if called in self.registry.helpers:
            helper = self.registry.helpers[called]
            return [
                argument
                for name, position in helper.params.items()
                for argument in [_argument(call, name, position)]
                if argument is not None
            ]
        if isinstance(function, ast.Attribute) and function.attr in KEYWORD_WRITES:
            if self.is_local_dict(function.value, scope):
                return []
            return spread + [
                keyword.value
                for keyword in call.keywords
                if keyword.arg in MAPPING_KEYWORDS
            ]
        return []


def _flows(expression: ast.expr, name: str, scope: Scope, depth: int = 0) -> bool:
    """Whether the value of parameter ``name`` may be (spread into) ``expression``."""
    if depth > 8:
        return False
    if isinstance(expression, ast.Name):
        if expression.id == name:
            return True
        owner = scope.owner(expression.id)
        return owner is scope and any(
            _flows(value, name, scope, depth + 1)
            for value in scope.values.get(expression.id, [])
        )
    if isinstance(expression, ast.Dict):
        return any(
            _flows(value, name, scope, depth + 1)
            for key, value in zip(expression.keys, expression.values, strict=True)
            if key is None
        )
    if isinstance(expression, ast.BinOp) and isinstance(expression.op, ast.BitOr):
        return _flows(expression.left, name, scope, depth + 1) or _flows(
            expression.right, name, scope, depth + 1
        )
    if isinstance(expression, ast.Call) and _dotted(expression.func) == "dict":
        return any(
            _flows(arg, name, scope, depth + 1) for arg in expression.args
        ) or any(
            keyword.arg is None and _flows(keyword.value, name, scope, depth + 1)
            for keyword in expression.keywords
        )
    return False


def _argument(call: ast.Call, name: str, position: int | None) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == name:
            return keyword.value
    if position is not None and position < len(call.args):
        argument = call.args[position]
        return None if isinstance(argument, ast.Starred) else argument
    return None


def _dict_owner(node: ast.expr) -> ast.expr:
    if isinstance(node, ast.Attribute):
        return node.value
    if isinstance(node, ast.Call) and node.args:
        return node.args[0]
    return node


def _line(node: ast.AST) -> int:
    return int(getattr(node, "lineno", 0))


def _show(node: ast.expr) -> str:
    text = ast.unparse(node)
    return text if len(text) <= 60 else text[:57] + "..."


def package_modules(package: Path) -> Iterator[Module]:
    """Every module of the package but its migrations."""
    root = package.parent
    for path in sorted(package.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        relative = path.relative_to(root).as_posix()
        yield Module.parse(path.read_text(encoding="utf-8"), relative)


def status_writes(module: Module, registry: Registry) -> list[Finding]:
    """Every write of ``status`` in one module."""
    return Checker(registry, module).writes()
