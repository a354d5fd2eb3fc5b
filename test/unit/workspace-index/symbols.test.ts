// Golden tests of the light symbol scanners, one language family each: what is found (declarations
// of the file's API) and what is not (nested helpers, names inside strings and comments).
import assert from 'node:assert/strict';
import { extractSymbols } from '../../../extension/src/core/workspace-index/symbols';
import type { SymbolScanner } from '../../../extension/src/core/workspace-index/languages';

type Row = [name: string, kind: string, line: number, container?: string];

function scan(text: string, scanner: SymbolScanner): Row[] {
  return extractSymbols(text, scanner).map((s) => (s.container ? [s.name, s.kind, s.line, s.container] : [s.name, s.kind, s.line]));
}

const TS = `import x from 'y';
export function add(a: number, b: number): number { return a + b; }
export async function* gen() {}
function local() {
  function nested() {}
}
export const PI = 3.14;
const notExported = 1;
export const handler = async (req: Req): Promise<void> => {
  const inner = () => 1;
};
const mk = (
  a: string,
) => a;
export default class Store<T> extends Base implements I {
  private items: T[] = [];
  static create(): Store<any> { return new Store(); }
  constructor(private x: number) { super(); }
  get size() { return this.items.length; }
  async load(id: string): Promise<T> {
    if (id) { return this.items[0]!; }
    for (const a of b) {}
  }
  onClick = (e: Event) => { this.x = 1; };
  #secret() {}
  overloaded(a: string): void;
  overloaded(a: number): void;
  overloaded(a: any) {}
}
export interface Shape { area(): number; }
export type Id = string;
type Gen<T> = T[];
export enum Color { Red, Green }
const s = "class Fake { method() {} }";
// function commented() {}
/* class Blocked {
} */
const t = \`
function inTemplate() {}
\`;
declare module 'foo' {
  export function fromModule(): void;
}
class A {}
function afterA() {}
`;

const PY = `"""Module docstring.
def not_a_function():
"""
import os
MAX_SIZE = 10
MAX_SIZE == 3
_private = 1
lower = 2
TIMEOUT: float = 1.5

def top(a,
        b):
    def nested():
        pass
    return a

async def fetch(url: str) -> bytes:
    pass

class Repo(Base):
    '''def fake(): '''
    KIND = "x"
    def __init__(self, path):
        self.path = path

    @property
    def name(self):
        return "def other():"

    async def load(
        self,
    ):
        class Local:
            pass
        return 1

    class Inner:
        def deep(self): pass

def after_class():
    pass
`;

const GO = `package main

import "fmt"

const Version = "1.0"
const (
	A = iota
	B
	_
)
var x = 1
type Server struct {
	addr string
}
type Handler interface {
	Serve() error
}
type ID = string
type List[T any] struct{ items []T }
type (
	Point struct{ X, Y int }
	Name string
)
func New(addr string) *Server {
	f := func() {}
	return &Server{addr: addr}
}
func (s *Server) Start() error { return nil }
func (List[T]) Len() int { return 0 }
func Map[T, U any](xs []T, f func(T) U) []U { return nil }
var s = \`
func Fake() {}
\`
`;

const RS = `use std::fmt;
pub const MAX: usize = 10;
static mut COUNTER: u32 = 0;
pub struct Point { x: i32 }
struct Unit;
pub(crate) enum Shape { Circle, Square }
pub trait Draw {
    fn draw(&self);
    fn name(&self) -> &str { "x" }
}
impl Point {
    pub fn new(x: i32) -> Self { Point { x } }
    fn len<'a>(&'a self) -> usize { let c = '{'; 0 }
}
impl<T: fmt::Display> Draw for Wrapper<T> {
    fn draw(&self) {}
}
pub async fn serve() {}
pub unsafe extern "C" fn ffi() {}
fn helper() {
    fn inner() {}
}
type Result<T> = std::result::Result<T, Error>;
mod tests {
    fn test_it() {}
}
`;

const JAVA = `package x;
import java.util.*;
@Service
public final class UserService extends Base implements Api {
    public static final int MAX_USERS = 100;
    private static final Map<String, Integer> CACHE = new HashMap<>();
    private final Repo repo;
    public UserService(Repo repo) { this.repo = repo; }
    @Override
    public List<User> findAll() {
        if (x) { return null; }
        return repo.all();
    }
    private static <T> T first(List<T> xs) { return xs.get(0); }
    int[] counts() { return new int[0]; }
    public static class Builder {
        Builder name(String n) { return this; }
    }
    enum Mode { A, B }
}
interface Repo {
    List<User> all();
}
record Point(int x, int y) {}
`;

describe('workspace index: symbol extraction', () => {
  it('TS/JS: functions, arrow consts, exported consts, classes with methods, types; not nested or quoted ones', () => {
    assert.deepEqual(scan(TS, 'js'), [
      ['add', 'function', 1],
      ['gen', 'function', 2],
      ['local', 'function', 3],
      ['PI', 'const', 6],
      ['handler', 'function', 8],
      ['mk', 'function', 11],
      ['Store', 'class', 14],
      ['create', 'method', 16, 'Store'],
      ['size', 'method', 18, 'Store'],
      ['load', 'method', 19, 'Store'],
      ['onClick', 'method', 23, 'Store'],
      ['#secret', 'method', 24, 'Store'],
      ['overloaded', 'method', 25, 'Store'],
      ['Shape', 'interface', 29],
      ['Id', 'type', 30],
      ['Gen', 'type', 31],
      ['Color', 'enum', 32],
      ['fromModule', 'function', 41],
      ['A', 'class', 43],
      ['afterA', 'function', 44],
    ]);
  });

  it('Python: functions, classes, methods by indentation, module constants; not docstrings or nested defs', () => {
    assert.deepEqual(scan(PY, 'python'), [
      ['MAX_SIZE', 'const', 4],
      ['TIMEOUT', 'const', 8],
      ['top', 'function', 10],
      ['fetch', 'function', 16],
      ['Repo', 'class', 19],
      ['__init__', 'method', 22, 'Repo'],
      ['name', 'method', 26, 'Repo'],
      ['load', 'method', 29, 'Repo'],
      ['Inner', 'class', 36],
      ['deep', 'method', 37, 'Inner'],
      ['after_class', 'function', 39],
    ]);
  });

  it('Go: functions, methods with their receiver, types, const groups; not raw strings', () => {
    assert.deepEqual(scan(GO, 'go'), [
      ['Version', 'const', 4],
      ['A', 'const', 6],
      ['B', 'const', 7],
      ['Server', 'struct', 11],
      ['Handler', 'interface', 14],
      ['ID', 'type', 17],
      ['List', 'struct', 18],
      ['Point', 'struct', 20],
      ['Name', 'type', 21],
      ['New', 'function', 23],
      ['Start', 'method', 27, 'Server'],
      ['Len', 'method', 28, 'List'],
      ['Map', 'function', 29],
    ]);
  });

  it('Rust: items, impl and trait methods, mod functions; lifetimes do not break the scan', () => {
    assert.deepEqual(scan(RS, 'rust'), [
      ['MAX', 'const', 1],
      ['COUNTER', 'const', 2],
      ['Point', 'struct', 3],
      ['Unit', 'struct', 4],
      ['Shape', 'enum', 5],
      ['Draw', 'trait', 6],
      ['draw', 'method', 7, 'Draw'],
      ['name', 'method', 8, 'Draw'],
      ['new', 'method', 11, 'Point'],
      ['len', 'method', 12, 'Point'],
      ['draw', 'method', 15, 'Wrapper'],
      ['serve', 'function', 17],
      ['ffi', 'function', 18],
      ['helper', 'function', 19],
      ['Result', 'type', 22],
      ['test_it', 'function', 24],
    ]);
  });

  it('Java: types, methods (not constructors), static final constants, nested classes', () => {
    assert.deepEqual(scan(JAVA, 'java'), [
      ['UserService', 'class', 3],
      ['MAX_USERS', 'const', 4, 'UserService'],
      ['CACHE', 'const', 5, 'UserService'],
      ['findAll', 'method', 9, 'UserService'],
      ['first', 'method', 13, 'UserService'],
      ['counts', 'method', 14, 'UserService'],
      ['Builder', 'class', 15],
      ['name', 'method', 16, 'Builder'],
      ['Mode', 'enum', 18],
      ['Repo', 'interface', 20],
      ['all', 'method', 21, 'Repo'],
      ['Point', 'class', 23],
    ]);
  });

  it('survives unbalanced braces and unterminated strings without throwing', () => {
    for (const scanner of ['js', 'python', 'go', 'rust', 'java'] as const) {
      assert.doesNotThrow(() => extractSymbols('}}}\n"unterminated\n/* open comment\n{{{\nfunction f() {', scanner));
    }
  });
});
