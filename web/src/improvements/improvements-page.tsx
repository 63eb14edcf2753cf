import {
  DndContext,
  type DragEndEvent,
  type KeyboardCoordinateGetter,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from "@dnd-kit/core";
import { Link } from "@tanstack/react-router";
import { type ReactNode, useState } from "react";
import { useAccess } from "../api/session";
import { useCurrentLoop } from "../shell/current-loop";
import { countOf } from "../ui/format";
import { ErrorNote, Loading, PageHeader } from "../ui/states";
import "./improvements.css";
import {
  columnLimit,
  columns,
  type Improvement,
  type ImprovementStatus,
  refusal,
  useBoard,
  useMove,
} from "./use-improvements";

// The keyboard moves a lifted card one column per arrow (dnd-kit's default is 25 px a press).
const columnByColumn: KeyboardCoordinateGetter = (event, { currentCoordinates }) => {
  const width = document.querySelector(".board-column")?.getBoundingClientRect().width ?? 240;
  const step = width + 12;
  switch (event.code) {
    case "ArrowRight":
      return { ...currentCoordinates, x: currentCoordinates.x + step };
    case "ArrowLeft":
      return { ...currentCoordinates, x: currentCoordinates.x - step };
    case "ArrowDown":
      return { ...currentCoordinates, y: currentCoordinates.y + 40 };
    case "ArrowUp":
      return { ...currentCoordinates, y: currentCoordinates.y - 40 };
    default:
      return undefined;
  }
};

/** The improvements board: a column per status; drag a card (or pick where to) to move it, the API decides. */
export function ImprovementsPage() {
  const loopId = useCurrentLoop();
  const board = useBoard(loopId);
  const move = useMove(loopId);
  const access = useAccess();
  const [message, setMessage] = useState<string | null>(null);
  const sensors = useSensors(
    // A click on a card's title stays a click: a drag starts after 6 px.
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnByColumn }),
  );
  const byId = new Map(board.flatMap((column) => column.data?.items ?? []).map((i) => [i.id, i]));
  const moveTo = (improvement: Improvement, to: ImprovementStatus) => {
    if (improvement.status === to) return;
    setMessage(null);
    move.mutate(
      { improvement, to },
      {
        onError: (error) => setMessage(`${improvement.title} stays ${words(improvement.status)}: ${refusal(error)}`),
      },
    );
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const improvement = byId.get(String(active.id));
    if (improvement && over) moveTo(improvement, over.id as ImprovementStatus);
  };
  const failed = board.find((column) => column.isError);
  return (
    <section>
      <PageHeader title="Improvements" />
      <p className="board-message" role="alert">
        {message}
      </p>
      {failed ? (
        <ErrorNote error={failed.error} />
      ) : board.some((column) => column.isPending) ? (
        <Loading what="Loading the board" />
      ) : (
        <DndContext
          sensors={sensors}
          onDragEnd={onDragEnd}
          accessibility={{ screenReaderInstructions: { draggable: instructions } }}
        >
          <div className="board">
            {columns.map(({ status, label }, index) => {
              const page = board[index]?.data;
              return (
                <Column key={status} status={status} label={label} more={Boolean(page?.nextCursor)}>
                  {(page?.items ?? []).map((improvement) => (
                    <Card
                      key={improvement.id}
                      improvement={improvement}
                      movable={access.canChange(improvement.loopId)}
                      onMove={(to) => moveTo(improvement, to)}
                    />
                  ))}
                </Column>
              );
            })}
          </div>
        </DndContext>
      )}
    </section>
  );
}

const instructions =
  "To move an improvement, press space or enter to lift it, the arrow keys to carry it to another column, space or enter to drop it, escape to cancel.";

const words = (status: ImprovementStatus) => status.replaceAll("_", " ");

function Column(props: { status: ImprovementStatus; label: string; more: boolean; children: ReactNode[] }) {
  const { setNodeRef, isOver } = useDroppable({ id: props.status });
  const count = props.children.length;
  return (
    <section
      ref={setNodeRef}
      className={isOver ? "board-column over" : "board-column"}
      aria-labelledby={`column-${props.status}`}
      data-status={props.status}
    >
      <h2 id={`column-${props.status}`}>
        {props.label}{" "}
        <span className="wip" title="Work in this column">
          {count}
          {props.more ? `+ (first ${columnLimit})` : ""}
        </span>
      </h2>
      <ul className="board-cards">{props.children}</ul>
    </section>
  );
}

function Card({
  improvement,
  movable,
  onMove,
}: {
  improvement: Improvement;
  movable: boolean;
  onMove: (to: ImprovementStatus) => void;
}) {
  return movable ? (
    <MovableCard improvement={improvement} onMove={onMove} />
  ) : (
    <li className="board-card" data-id={improvement.id}>
      <CardFace improvement={improvement} />
    </li>
  );
}

function MovableCard({ improvement, onMove }: { improvement: Improvement; onMove: (to: ImprovementStatus) => void }) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: improvement.id });
  return (
    <li
      ref={setNodeRef}
      className={isDragging ? "board-card dragging" : "board-card"}
      data-id={improvement.id}
      style={transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)` } : undefined}
    >
      <CardFace improvement={improvement} />
      <div className="card-controls">
        <button
          type="button"
          className="drag-handle"
          aria-label={`Drag ${improvement.title}`}
          {...attributes}
          {...listeners}
        >
          ⠿
        </button>
        <label className="visually-hidden" htmlFor={`move-${improvement.id}`}>
          Move {improvement.title} to
        </label>
        <select
          id={`move-${improvement.id}`}
          className="move-select"
          value={improvement.status}
          onChange={(event) => onMove(event.target.value as ImprovementStatus)}
        >
          {columns.map(({ status, label }) => (
            <option key={status} value={status}>
              {label}
            </option>
          ))}
        </select>
      </div>
    </li>
  );
}

function CardFace({ improvement }: { improvement: Improvement }) {
  return (
    <>
      <Link to="/improvements/$id" params={{ id: improvement.id }} className="card-title">
        {improvement.title}
      </Link>
      <div className="meta">
        {countOf(improvement.patternIds.length, "pattern")}
        {improvement.productIds.length > 0 && ` · ${countOf(improvement.productIds.length, "product")}`}
      </div>
    </>
  );
}
