export { createTodoRegistry, type TodoItem, type TodoProvider, type TodoRegistry } from './todos.ts';
export { todosRoutes } from './todos.routes.ts';
